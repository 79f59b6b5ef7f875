# shellcheck shell=bash disable=SC2034,SC1007
# Finds a JDK >= 22 (tot needs the final Foreign Function & Memory API).
# Sourced by ./tot and .ci/run; written once here. Bash only, no exports, and
# no forks on the common paths (versions are read from the JDK's `release`
# file; `java -version` is run only when that file is missing).
#
# Order: $JAVA_HOME (if its bin/java is >= 22), then `java` on PATH (if >= 22),
# then the newest JDK >= 22 among ${TOT_JVM_DIR:-/usr/lib/jvm}/*/bin/java.
# TOT_JVM_DIR exists for tests (point it at an empty directory).
#
#   tot_find_jdk [MIN_MAJOR]  -> status 0 and sets tot_jdk_home, tot_jdk_java,
#                                tot_jdk_version (e.g. 25.0.3), tot_jdk_major (25)
#                             -> status 1 and sets tot_jdk_error (one line)

# tot_jdk_probe JAVA_EXECUTABLE: sets _tot_p_home/_tot_p_version/_tot_p_major.
tot_jdk_probe() {
  local java=$1 real home line v=
  _tot_p_home= _tot_p_version= _tot_p_major=
  [[ -n $java && -f $java && -x $java ]] || return 1
  real=$java
  if [[ -L $java || $java != /* ]]; then
    real=$(readlink -f -- "$java" 2>/dev/null) || return 1
  fi
  home=${real%/bin/java}
  [[ $home != "$real" ]] || home=${real%/*}
  if [[ -r $home/release ]]; then
    while IFS= read -r line || [[ -n $line ]]; do
      if [[ $line == JAVA_VERSION=* ]]; then
        v=${line#JAVA_VERSION=}; v=${v//\"/}; break
      fi
    done <"$home/release"
  fi
  if [[ -z $v ]]; then
    # No release file (e.g. a JRE laid out under jre/): ask the launcher.
    # JAVA_TOOL_OPTIONS may add a "Picked up ..." line; take the quoted version.
    while IFS= read -r line; do
      if [[ $line =~ version\ \"([^\"]+)\" ]]; then v=${BASH_REMATCH[1]}; break; fi
    done < <("$real" -version 2>&1 </dev/null)
  fi
  [[ -n $v ]] || return 1
  # "1.8.0_392" -> 8, "25.0.3" -> 25, "25-ea" -> 25, "22" -> 22
  local m=$v
  [[ $m == 1.* ]] && m=${m#1.}
  m=${m%%[!0-9]*}
  [[ -n $m ]] || return 1
  [[ $home == */jre && -x ${home%/jre}/bin/javac ]] && home=${home%/jre}
  _tot_p_home=$home _tot_p_version=$v _tot_p_major=$((10#$m))
}

# tot_jdk_newer A B: status 0 if version string A > B (numeric fields).
tot_jdk_newer() {
  local IFS=._+- i x y
  local -a a b
  read -ra a <<<"$1"
  read -ra b <<<"$2"
  for ((i = 0; i < ${#a[@]} || i < ${#b[@]}; i++)); do
    x=${a[i]:-0} y=${b[i]:-0}
    x=${x%%[!0-9]*} y=${y%%[!0-9]*}
    x=$((10#${x:-0})) y=$((10#${y:-0}))
    ((x > y)) && return 0
    ((x < y)) && return 1
  done
  return 1
}

# tot_jdk_which NAME: like `type -P NAME` (sets _tot_which), without a fork.
tot_jdk_which() {
  local rest=${PATH:-} d
  _tot_which=
  while :; do
    d=${rest%%:*}
    d=${d:-.}
    if [[ -f $d/$1 && -x $d/$1 ]]; then _tot_which=$d/$1; return 0; fi
    [[ $rest == *:* ]] || return 1
    rest=${rest#*:}
  done
}

tot_find_jdk() {
  local min=${1:-22} dir=${TOT_JVM_DIR:-/usr/lib/jvm} cand seen=
  local best_home= best_version= best_major=0
  tot_jdk_home= tot_jdk_java= tot_jdk_version= tot_jdk_major= tot_jdk_error=
  _tot_p_home= _tot_p_version= _tot_p_major= _tot_which=

  if [[ -n ${JAVA_HOME:-} ]]; then
    if tot_jdk_probe "$JAVA_HOME/bin/java" && ((_tot_p_major >= min)); then
      best_home=$_tot_p_home best_version=$_tot_p_version best_major=$_tot_p_major
    else
      seen+=" JAVA_HOME=$JAVA_HOME${_tot_p_version:+ ($_tot_p_version)},"
    fi
  else
    seen+=" JAVA_HOME (unset),"
  fi
  if [[ -z $best_home ]]; then
    tot_jdk_which java; cand=$_tot_which
    if [[ -n $cand ]] && tot_jdk_probe "$cand" && ((_tot_p_major >= min)); then
      best_home=$_tot_p_home best_version=$_tot_p_version best_major=$_tot_p_major
    else
      seen+=" java on PATH${cand:+ ($cand${_tot_p_version:+, $_tot_p_version})},"
    fi
  fi
  if [[ -z $best_home ]]; then
    for cand in "$dir"/*/bin/java; do
      tot_jdk_probe "$cand" || continue
      ((_tot_p_major >= min)) || continue
      if [[ -z $best_home ]] || tot_jdk_newer "$_tot_p_version" "$best_version"; then
        best_home=$_tot_p_home best_version=$_tot_p_version best_major=$_tot_p_major
      fi
    done
    [[ -n $best_home ]] || seen+=" $dir/*"
  fi

  if [[ -z $best_home ]]; then
    seen=${seen# }; seen=${seen%,}
    tot_jdk_error="no JDK >= $min found (looked at ${seen:-JAVA_HOME, java on PATH, $dir/*}); install one (e.g. Temurin 25) or set JAVA_HOME"
    return 1
  fi
  tot_jdk_home=$best_home tot_jdk_java=$best_home/bin/java
  tot_jdk_version=$best_version tot_jdk_major=$best_major
  [[ -x $tot_jdk_java ]] || tot_jdk_java=$best_home/jre/bin/java
  return 0
}
