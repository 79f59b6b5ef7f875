package tot.trace;

import java.util.Map;
import java.util.Set;

/**
 * ioctl request codes as strace names them: the common ones (terminals, fds, file systems,
 * network interfaces) by name, the rest decoded as {@code _IOC(dir, type, nr, size)}.
 */
final class IoctlRequests {
    private IoctlRequests() {}

    private static final Map<Integer, String> NAMES = Map.ofEntries(
        Map.entry(0x5401, "TCGETS"), Map.entry(0x5402, "TCSETS"), Map.entry(0x5403, "TCSETSW"), Map.entry(0x5404, "TCSETSF"),
        Map.entry(0x5405, "TCGETA"), Map.entry(0x5406, "TCSETA"), Map.entry(0x5407, "TCSETAW"), Map.entry(0x5408, "TCSETAF"),
        Map.entry(0x5409, "TCSBRK"), Map.entry(0x540a, "TCXONC"), Map.entry(0x540b, "TCFLSH"), Map.entry(0x540c, "TIOCEXCL"),
        Map.entry(0x540d, "TIOCNXCL"), Map.entry(0x540e, "TIOCSCTTY"), Map.entry(0x540f, "TIOCGPGRP"),
        Map.entry(0x5410, "TIOCSPGRP"), Map.entry(0x5411, "TIOCOUTQ"), Map.entry(0x5412, "TIOCSTI"),
        Map.entry(0x5413, "TIOCGWINSZ"), Map.entry(0x5414, "TIOCSWINSZ"), Map.entry(0x5415, "TIOCMGET"),
        Map.entry(0x5416, "TIOCMBIS"), Map.entry(0x5417, "TIOCMBIC"), Map.entry(0x5418, "TIOCMSET"),
        Map.entry(0x5419, "TIOCGSOFTCAR"), Map.entry(0x541a, "TIOCSSOFTCAR"), Map.entry(0x541b, "FIONREAD"),
        Map.entry(0x541c, "TIOCLINUX"), Map.entry(0x541d, "TIOCCONS"), Map.entry(0x541e, "TIOCGSERIAL"),
        Map.entry(0x541f, "TIOCSSERIAL"), Map.entry(0x5420, "TIOCPKT"), Map.entry(0x5421, "FIONBIO"),
        Map.entry(0x5422, "TIOCNOTTY"), Map.entry(0x5423, "TIOCSETD"), Map.entry(0x5424, "TIOCGETD"),
        Map.entry(0x5425, "TCSBRKP"), Map.entry(0x5427, "TIOCSBRK"), Map.entry(0x5428, "TIOCCBRK"),
        Map.entry(0x5429, "TIOCGSID"), Map.entry(0x802c542a, "TCGETS2"), Map.entry(0x402c542b, "TCSETS2"),
        Map.entry(0x402c542c, "TCSETSW2"), Map.entry(0x402c542d, "TCSETSF2"), Map.entry(0x80045430, "TIOCGPTN"),
        Map.entry(0x40045431, "TIOCSPTLCK"), Map.entry(0x80045432, "TIOCGDEV"), Map.entry(0x40045436, "TIOCSIG"),
        Map.entry(0x5437, "TIOCVHANGUP"), Map.entry(0x80045438, "TIOCGPKT"), Map.entry(0x80045439, "TIOCGPTLCK"),
        Map.entry(0x80045440, "TIOCGEXCL"), Map.entry(0x5441, "TIOCGPTPEER"), Map.entry(0x5450, "FIONCLEX"),
        Map.entry(0x5451, "FIOCLEX"), Map.entry(0x5452, "FIOASYNC"), Map.entry(0x5460, "FIOQSIZE"),
        Map.entry(0x1, "FIBMAP"), Map.entry(0x2, "FIGETBSZ"), Map.entry(0x80086601, "FS_IOC_GETFLAGS"),
        Map.entry(0x40086602, "FS_IOC_SETFLAGS"), Map.entry(0x80087601, "FS_IOC_GETVERSION"),
        Map.entry(0xc020660b, "FS_IOC_FIEMAP"), Map.entry(0x40049409, "FICLONE"), Map.entry(0x4020940d, "FICLONERANGE"),
        Map.entry(0x1268, "BLKSSZGET"), Map.entry(0x80081272, "BLKGETSIZE64"), Map.entry(0x8912, "SIOCGIFCONF"),
        Map.entry(0x8913, "SIOCGIFFLAGS"), Map.entry(0x8915, "SIOCGIFADDR"), Map.entry(0x8927, "SIOCGIFHWADDR"),
        Map.entry(0x8933, "SIOCGIFINDEX"), Map.entry(0x400454ca, "TUNSETIFF"), Map.entry(0x80045200, "RNDGETENTCNT"),
        Map.entry(0x4b33, "KDGKBTYPE"), Map.entry(0x5603, "VT_GETSTATE"));

    /** Requests that take no argument: strace leaves the third out. */
    private static final Set<Integer> NO_ARGUMENT = Set.of(0x5427, 0x5428, 0x541d, 0x5422, 0x540c, 0x540d, 0x5451, 0x5450, 0x5437);

    private static final String[] DIRECTIONS = {"_IOC_NONE", "_IOC_WRITE", "_IOC_READ", "_IOC_READ|_IOC_WRITE"};

    static String name(int request) {
        String name = NAMES.get(request);
        if (name != null) return name;
        return "_IOC(" + DIRECTIONS[request >>> 30] + ", " + hex((request >> 8) & 0xff) + ", " + hex(request & 0xff) + ", "
                + hex((request >> 16) & 0x3fff) + ")";
    }

    static boolean takesNoArgument(int request) {
        return NO_ARGUMENT.contains(request);
    }

    /** strace's %#x: 0 without a prefix. */
    private static String hex(int v) {
        return v == 0 ? "0" : "0x" + Integer.toHexString(v);
    }
}
