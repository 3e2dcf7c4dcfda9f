# Shared helpers for the scripts in bench/. Source it from bash:  . "$(dirname "$0")/lib.sh"
#
# Measuring: bench_measure runs one command under GNU time (/usr/bin/time -f '%e %M') and leaves
# the wall time in seconds in BENCH_WALL and the peak resident set size in KiB in BENCH_RSS_KB.
# To measure a pipeline, run it as one command under a shell (bench_measure bash -c '...'). GNU
# time then reports the peak RSS of the *largest single process* of the pipeline (Linux folds the
# children's maximum into the shell's rusage, taking the max, not the sum); the stages' memory
# added up can be larger. The results must say so wherever a pipeline's RSS is shown.

# shellcheck shell=bash

# shellcheck disable=SC2034 # used by the scripts that source this file
# Where ensure_minbase_tree builds the input tree when no other is given.
BENCH_DEFAULT_TREE=/var/cache/baseimg-bench/minbase-arm64-bookworm

bench_log() { printf 'bench: %s\n' "$*" >&2; }

bench_die() {
  printf 'bench: error: %s\n' "$*" >&2
  exit 1
}

bench_require_root() {
  [ "$(id -u)" -eq 0 ] || bench_die "must run as root (the tree has root-only files, and making it needs debootstrap): sudo $0"
}

# bench_require_tools TOOL... : fails naming every missing command and the Debian package to install.
bench_require_tools() {
  local t missing=""
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
  done
  [ -z "$missing" ] && return 0
  bench_die "missing tools:$missing (Debian: apt-get install time cpio zstd xz-utils gzip debootstrap qemu-user-static binfmt-support openjdk-17-jdk-headless maven)"
}

# bench_measure CMD [ARG...] : runs CMD once with its stdout and stderr appended to
# $BENCH_CMD_LOG (default /dev/null). Sets BENCH_WALL (seconds, 2 decimals) and BENCH_RSS_KB.
# On failure, shows the end of the log and exits.
bench_measure() {
  local tf status=0 last
  tf=$(mktemp)
  /usr/bin/time -f '%e %M' -o "$tf" "$@" >>"${BENCH_CMD_LOG:-/dev/null}" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    cat "$tf" >&2
    rm -f "$tf"
    if [ -n "${BENCH_CMD_LOG:-}" ]; then tail -n 20 "$BENCH_CMD_LOG" >&2; fi
    bench_die "command failed (exit $status): $*"
  fi
  # GNU time writes a "Command exited with ..." line before the figures when the command
  # fails; on success the figures are the only line, but read the last one to be safe.
  last=$(tail -n 1 "$tf")
  rm -f "$tf"
  read -r BENCH_WALL BENCH_RSS_KB <<<"$last"
  case "$BENCH_WALL$BENCH_RSS_KB" in
    '' | *[!0-9.]*) bench_die "could not read GNU time's output '$last' for: $*" ;;
  esac
}

# bench_workdir NAME : makes a new work directory for a script (below $BENCH_WORKDIR when set,
# else in /var/tmp), prints it, and has it removed on exit; Ctrl-C exits 130. Call it as
# work=$(bench_workdir NAME) && bench_cleanup_on_exit "$work".
bench_workdir() {
  if [ -n "${BENCH_WORKDIR:-}" ]; then
    mkdir -p -- "$BENCH_WORKDIR"
    mktemp -d "$BENCH_WORKDIR/$1.XXXXXX"
  else
    mktemp -d "/var/tmp/baseimg-bench-$1.XXXXXX"
  fi
}

# bench_cleanup_on_exit DIR : removes DIR when the script exits; Ctrl-C and SIGTERM exit 130.
bench_cleanup_on_exit() {
  # shellcheck disable=SC2064 # expand now: the directory is known
  trap "rm -rf -- '$1'" EXIT
  trap 'exit 130' INT TERM
}

# bench_size FILE : its size in bytes.
bench_size() { stat -c %s -- "$1"; }

# bench_median NUMBER... : the median (the mean of the middle two for an even count).
bench_median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
    END { if (NR == 0) exit 1; if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# bench_max NUMBER... : the largest.
bench_max() { printf '%s\n' "$@" | sort -g | tail -n 1; }

# bench_ratio A B [DECIMALS] : A/B, or n/a when B is zero.
bench_ratio() {
  awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (b == 0) print "n/a"; else printf "%.*f\n", d, a / b }'
}

# bench_kib_to_mib KIB : MiB with one decimal.
bench_kib_to_mib() { awk -v k="$1" 'BEGIN { printf "%.1f\n", k / 1024 }'; }

# bench_row CELL... : one markdown table row. A '|' inside a cell is escaped so that commands
# with pipes stay in their cell.
bench_row() {
  local c
  printf '|'
  for c in "$@"; do printf ' %s |' "${c//|/\\|}"; done
  printf '\n'
}

# bench_machine_md : the machine and tool versions as a markdown bullet list.
bench_machine_md() {
  local cpu
  cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
  printf -- '- CPU: %s, %s cores (nproc)\n' "${cpu:-unknown}" "$(nproc)"
  printf -- '- memory: %s MiB\n' "$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 }' /proc/meminfo)"
  printf -- '- kernel: %s\n' "$(uname -srm)"
  printf -- '- Java: %s\n' "$(java -version 2>&1 | head -n 1)"
  printf -- '- zstd: %s\n' "$(zstd -V 2>&1 | head -n 1)"
  printf -- '- xz: %s\n' "$(xz -V 2>&1 | head -n 1)"
  printf -- '- gzip: %s\n' "$(gzip -V 2>&1 | head -n 1)"
  printf -- '- cpio: %s\n' "$(cpio --version 2>&1 | head -n 1)"
}

# bench_run_notes LOAD_START LOAD_END [NOTE...] : a results section's load average line and, when
# any were taken, the notes of the run as a bullet list.
bench_run_notes() {
  local n
  printf '\nLoad average (1, 5, 15 min): %s at the start, %s at the end.\n' "$1" "$2"
  shift 2
  if [ "$#" -gt 0 ]; then
    printf '\nNoticed during the run:\n\n'
    for n in "$@"; do printf -- '- %s\n' "$n"; done
  fi
}

# bench_bootstrap_tools_md : the installed debootstrap and qemu-user-static, as bullets.
bench_bootstrap_tools_md() {
  printf -- '- debootstrap: %s\n' "$(dpkg-query -W -f='${Version}' debootstrap 2>/dev/null || echo unknown)"
  printf -- '- qemu-user-static: %s\n' "$(dpkg-query -W -f='${Version}' qemu-user-static 2>/dev/null || echo unknown)"
}

# bench_tree_md DIR : entry count, regular file count and size of a tree, as bullets.
bench_tree_md() {
  printf -- '- entries (find, including the top directory): %s, of which regular files: %s\n' \
    "$(find "$1" | wc -l)" "$(find "$1" -type f | wc -l)"
  printf -- '- size (du -sb): %s bytes\n' "$(du -sb "$1" | cut -f 1)"
}

# bench_warm_tree DIR : reads every file once so that the first timed run does not pay for the
# disk. Not `tar cf /dev/null`: GNU tar notices an archive on /dev/null and reads no file data.
bench_warm_tree() {
  tar -C "$1" -cf - . | cat >/dev/null
}

# bench_check_binfmt : the arm64 emulator is registered (with F, so that nothing has to be
# copied into the tree). Mounts binfmt_misc and enables qemu-aarch64 when that is all it takes.
bench_check_binfmt() {
  local reg=/proc/sys/fs/binfmt_misc/qemu-aarch64
  if [ ! -e /proc/sys/fs/binfmt_misc/status ]; then
    bench_log "binfmt_misc is not mounted; mounting it and enabling qemu-aarch64"
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc ||
      bench_die "could not mount binfmt_misc (inside a container? register qemu-aarch64 on the host)"
    if command -v update-binfmts >/dev/null 2>&1; then update-binfmts --enable qemu-aarch64 || true; fi
  fi
  [ -e "$reg" ] ||
    bench_die "qemu-aarch64 is not registered in binfmt_misc: apt-get install qemu-user-static binfmt-support (registration is skipped inside containers)"
  head -n 1 "$reg" | grep -qx enabled || bench_die "$reg is registered but disabled: update-binfmts --enable qemu-aarch64"
  grep -q '^flags:.*F' "$reg" || bench_die "$reg lacks the F flag; debootstrap's emulated stage needs it"
}

# ensure_minbase_tree DIR : makes DIR when it is missing, as a real build would: a minbase
# bookworm arm64 tree (debootstrap's default mirror; never name one here), then cleaned of apt
# lists, .debs and apt's *.bin caches. An existing DIR is used as it is. It is built next to DIR
# and renamed at the end, so a half-made tree is never taken for a finished one.
ensure_minbase_tree() {
  local dir=$1 tmp
  if [ -e "$dir" ]; then
    if [ ! -d "$dir/usr" ] || [ ! -d "$dir/etc" ]; then
      bench_die "$dir exists but does not look like a root file system (no usr/ or etc/)"
    fi
    return 0
  fi
  bench_require_tools debootstrap
  bench_check_binfmt
  tmp="$dir.partial"
  rm -rf -- "$tmp"
  mkdir -p -- "$(dirname -- "$dir")"
  bench_log "making the input tree $dir (debootstrap arm64 minbase bookworm, about 2 minutes)"
  debootstrap --arch=arm64 --variant=minbase bookworm "$tmp" >&2 ||
    bench_die "debootstrap failed; see $tmp/debootstrap/debootstrap.log"
  rm -rf -- "$tmp"/var/lib/apt/lists/*
  rm -f -- "$tmp"/var/cache/apt/*.bin "$tmp"/var/cache/apt/archives/*.deb
  mv -- "$tmp" "$dir"
}

# bench_write_section FILE NAME CONTENT_FILE : replaces the section "## NAME" of the markdown
# FILE (from its heading up to the next "## " heading outside a code fence) with CONTENT_FILE,
# which starts with that heading; appends it when absent; creates FILE with a header when it
# does not exist. Other sections are left as they are.
bench_write_section() {
  local file=$1 name=$2 content=$3 tmp
  if [ ! -e "$file" ]; then
    cat >"$file" <<'EOF'
# baseimg benchmarks

Every figure here comes from a script in `bench/` (see `bench/README.md`); each `## ` section
is rewritten by its script and the others are left alone. The machine is described in each
section and may have been busy with other work at the time, so absolute times are noisy:
compare the ratios taken within the same run, not figures across sections or runs.
EOF
  fi
  tmp=$(mktemp "$file.XXXXXX")
  awk -v h="## $name" -v f="$content" '
    function emit(  l) { while ((getline l < f) > 0) print l; close(f); done = 1 }
    /^```/ { fence = !fence }
    !fence && ($0 == h || index($0, h " ") == 1) { emit(); skip = 1; next }
    skip && !fence && /^## / { skip = 0 }
    !skip { print; last = $0 }
    END { if (!done) { if (last != "") print ""; emit() } }
  ' "$file" >"$tmp"
  chmod 644 "$tmp"
  mv -- "$tmp" "$file"
}

# bench_host_debian_mirror [SUITE] : the Debian mirror the host's apt uses for SUITE (default
# bookworm), printed on one line, or nothing when apt names none. Reads what baseimg reads, in
# apt's order: /etc/apt/sources.list, then /etc/apt/sources.list.d/*.list (one-line format) and
# *.sources (deb822) by name, and takes the first URI of the first enabled `deb` entry whose
# suites include SUITE. For the scripts that run debootstrap next to `baseimg build`, so that
# both fetch from the same place; the mirror's name is never written into this repository, and
# the scripts must not write it into RESULTS.md either.
bench_host_debian_mirror() {
  local suite=${1:-bookworm} f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*; do
    [ -f "$f" ] || continue
    case "${f##*/}" in
      *[!A-Za-z0-9_.-]*) continue ;; # apt ignores such names, and so does baseimg
      sources.list | *.list)
        awk -v s="$suite" '
          { sub(/#.*/, ""); gsub(/\[[^]]*\]/, " ") }
          $1 == "deb" && NF >= 3 && $3 == s && $2 ~ /^(https?|file):/ { print $2; exit }' "$f"
        ;;
      *.sources)
        # deb822: stanzas split by blank lines, "#" lines are comments, a line starting with
        # white space continues the field before it.
        awk -v s="$suite" '
          function words(v, has,   n, i, w) { n = split(v, w, /[ \t]+/); for (i = 1; i <= n; i++) if (w[i] == has) return 1; return 0 }
          function first_uri(v,   n, i, w) { n = split(v, w, /[ \t]+/); for (i = 1; i <= n; i++) if (w[i] ~ /^(https?|file):/) return w[i]; return "" }
          function stanza(   u, e) {
            e = tolower(f["enabled"]); gsub(/[ \t]/, "", e); u = first_uri(f["uris"])
            if (u != "" && words(f["types"], "deb") && words(f["suites"], s) && e != "no" && e != "false") { print u; found = 1; exit }
            delete f; key = ""
          }
          /^#/ { next }
          /^[ \t]*$/ { stanza(); next }
          /^[ \t]/ { if (key != "") f[key] = f[key] " " $0; next }
          { i = index($0, ":"); if (i == 0) next; key = tolower(substr($0, 1, i - 1)); f[key] = substr($0, i + 1) }
          END { if (!found) stanza() }' "$f"
        ;;
    esac
  done | head -n 1
}

# bench_unmount_below DIR : unmounts everything mounted at or below DIR, deepest first (lazily
# when a plain umount fails), so that an interrupted chroot never leaves a mount behind and
# `rm -rf` never walks into /proc or a bind mount.
bench_unmount_below() {
  local dir m
  dir=$(realpath -m -- "$1")
  awk -v d="$dir" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/self/mounts | sort -r |
    while read -r m; do
      umount -- "$m" 2>/dev/null || umount -l -- "$m" || bench_log "could not unmount $m"
    done
}

# bench_remove_tree DIR : unmounts what is below DIR, then removes it without crossing into any
# other file system.
bench_remove_tree() {
  [ -e "$1" ] || return 0
  bench_unmount_below "$1"
  rm -rf --one-file-system -- "$1"
}

# bench_prepare_baseimg REPO WORK : builds the command line before anything is timed and sets
# `baseimg` (an array: the command that runs a private copy of the jar in WORK), baseimg_version
# and git_rev (see bench_git_rev). It builds within the reactor without installing (~/.m2 may be
# shared with other checkouts) and times a copy, because a later build, or someone editing the
# sources, could otherwise change the jar in the middle of a measurement. BENCH_JAR=FILE times
# that jar instead of building one.
bench_prepare_baseimg() {
  local repo=$1 work=$2 java_opts
  if [ -n "${BENCH_JAR:-}" ]; then
    [ -f "$BENCH_JAR" ] || bench_die "BENCH_JAR=$BENCH_JAR is not a file"
    cp -- "$BENCH_JAR" "$work/baseimg.jar"
  else
    bench_log "building baseimg (mvn package -pl cli -am)"
    (cd "$repo" && LC_ALL=C.UTF-8 mvn -q -B -DskipTests -Dspotless.check.skip=true package -pl cli -am) \
      >"$work/build.log" 2>&1 || {
      tail -n 30 "$work/build.log" >&2
      bench_die "the command line does not build right now"
    }
    cp -- "$repo/cli/target/baseimg.jar" "$work/baseimg.jar"
  fi
  read -r -a java_opts <<<"${BASEIMG_JAVA_OPTS:-}"
  # As the launcher does: a UTF-8 locale, or the JDK turns non-ASCII file names into '?'.
  baseimg=(env LC_ALL=C.UTF-8 java "${java_opts[@]}" -jar "$work/baseimg.jar")
  "${baseimg[@]}" --version >"$work/version.txt" || bench_die "the copied jar does not run"
  baseimg_version=$(head -n 1 "$work/version.txt")
  git_rev=$(bench_git_rev "$repo")
}

# bench_steps_of LOG : baseimg's step times from its plain console ("baseimg: step 2/7: NAME done
# in 1.2 s"), as "NAME=SECONDS;..." with cache keys left out of the names.
bench_steps_of() {
  sed -n 's/^baseimg: step [0-9]*\/[0-9]*: \(.*\) done in \(.*\)$/\1=\2/p' "$1" |
    sed -e 's/ [0-9a-f]\{16,\}=/=/' -e 's/ s$//' | paste -sd ';' -
}

# bench_step_rows LABEL STEPS : one markdown row per step of bench_steps_of's STEPS.
bench_step_rows() {
  local label=$1 s list
  IFS=';' read -r -a list <<<"$2"
  for s in "${list[@]}"; do
    bench_row "$label" "${s%%=*}" "${s#*=}"
  done
}

# bench_steps_table LABEL|KEY... : baseimg's own step times as a markdown table with a line
# before it, one row per step of each build; KEY indexes the caller's associative array `steps`
# (bench_steps_of's output for that build).
bench_steps_table() {
  local row
  printf "baseimg's own step times, last run (seconds, from its plain console):\n\n"
  bench_row build step seconds
  bench_row --- --- ---:
  for row in "$@"; do
    bench_step_rows "${row%%|*}" "${steps[${row#*|}]:-}"
  done
  printf '\n'
}

# bench_runs_table FIRST_HEADER LABEL|KEY|TOOL... : the timed runs as a markdown table and a blank
# line, one row per KEY of the caller's associative arrays walls, rss, size and entries.
bench_runs_table() {
  local row label k tool
  bench_row "$1" tool 'wall s, median' 'wall s, each run' 'peak RSS MiB' 'output bytes' entries
  bench_row --- --- ---: ---: ---: ---: ---:
  shift
  for row in "$@"; do
    IFS='|' read -r label k tool <<<"$row"
    # shellcheck disable=SC2154 # walls, rss, size and entries belong to the calling script
    bench_row "$label" "$tool" "$(bench_median_of "$k")" "${walls[$k]# }" \
      "$(bench_kib_to_mib "${rss[$k]}")" "${size[$k]}" "${entries[$k]}"
  done
  printf '\n'
}

# bench_runs : $BENCH_RUNS (default 1), checked to be a positive whole number.
bench_runs() {
  local runs=${BENCH_RUNS:-1}
  case "$runs" in '' | *[!0-9]* | 0) bench_die "BENCH_RUNS must be a positive whole number, not '$runs'" ;; esac
  printf '%s\n' "$runs"
}

# bench_git_rev REPO : the short commit, and whether the code that goes into the jar has
# uncommitted changes.
bench_git_rev() {
  local rev
  rev=$(git -C "$1" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [ -n "$(git -C "$1" status --porcelain -- core cli profiles kernel-configs pom.xml 2>/dev/null)" ]; then
    rev="$rev with uncommitted changes"
  fi
  printf '%s\n' "$rev"
}

# bench_median_of CELL : the median wall time of CELL, from the associative array `walls` (CELL ->
# "SECONDS SECONDS ...") that the calling script fills.
bench_median_of() {
  local w
  # shellcheck disable=SC2154 # walls belongs to the calling script
  read -r -a w <<<"${walls[$1]}"
  bench_median "${w[@]}"
}
