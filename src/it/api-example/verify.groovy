// What Example printed (the invoker's build.log): each execution as it started and what it
// wrote, then the run's outputs as the store answers, with the sha1 of "hello\n".
def log = new File(basedir, 'build.log').text
def run = new File(basedir, 'target/run').canonicalPath
assert log.contains('started /usr/bin/cp')
assert log.contains("/usr/bin/cp wrote [${run}/copy.txt], exit 0")
assert log.contains("output ${run}/copy.txt sha1 f572d396fae9206628714fb2ce00f72e94f2258f")
assert log.contains("output ${run}/out.txt sha1 f572d396fae9206628714fb2ce00f72e94f2258f")
return true
