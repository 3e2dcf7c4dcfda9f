#!/bin/bash
# Start-up benchmark: the short commands (`inspect --summary` of a small initramfs, `kconfig diff`,
# `profile validate`) as the launcher `./baseimg` runs them (serial collector, the class-data
# sharing archive it trains once per jar, the quick compiler alone for profile and kconfig
# commands) against plain `java -jar baseimg.jar` with the JVM's defaults, which is what the
# launcher did before. Both run the same copied jar; the launcher is copied beside it in the layout
# it expects, so the sources are not checked for staleness while timing. Each cell is measured
# BENCH_RUNS times, the two alternating (and swapping who goes first every run); the median wall
# time, the largest peak RSS and the ratio go to the "## startup" section of bench/RESULTS.md.
# Every run's output is compared between the two before it gets a figure.
#
#   bench/startup.sh
# Environment:
#   BENCH_RUNS     measurements per cell (default 10)
#   BENCH_RESULTS  the markdown file to write (default bench/RESULTS.md)
#   BENCH_WORKDIR  where the outputs go while measuring (default a new directory in /var/tmp)
# shellcheck disable=SC2016 # backquotes inside single quotes are markdown code, not commands
# shellcheck source-path=SCRIPTDIR
set -eu -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
# shellcheck source=lib.sh
. "$here/lib.sh"

bench_require_tools /usr/bin/time java mvn cmp awk lscpu

runs=${BENCH_RUNS:-10}
results=${BENCH_RESULTS:-$here/RESULTS.md}
case "$runs" in '' | *[!0-9]* | 0) bench_die "BENCH_RUNS must be a positive whole number, not '$runs'" ;; esac

work=$(bench_workdir startup)
bench_cleanup_on_exit "$work"
export BENCH_CMD_LOG="$work/commands.log"

bench_prepare_baseimg "$repo" "$work"
mkdir -p "$work/launcher/cli/target"
cp -- "$repo/baseimg" "$work/launcher/baseimg"
cp -- "$work/baseimg.jar" "$work/launcher/cli/target/baseimg.jar"
launcher=(env -u BASEIMG_JAVA_OPTS "$work/launcher/baseimg")
bench_log "training the launcher's class-data sharing archive (its first run)"
"${launcher[@]}" --version >/dev/null
[ -f "$work/launcher/cli/target/baseimg.jsa" ] || bench_die "the launcher made no class-data sharing archive"

mkdir -p "$work/tree/etc"
echo localhost >"$work/tree/etc/hostname"
"${baseimg[@]}" pack "$work/tree" -o "$work/small.cpio.gz" --compression gzip --bare --epoch 1700000000 \
  >/dev/null 2>&1 || bench_die "could not pack the small initramfs"
base="$repo/kernel-configs/amd64/debian-6.1.config"
fragment="$repo/kernel-configs/arm64/perf.config"

declare -A args=(
  [inspect]="inspect $work/small.cpio.gz --summary"
  [kconfig-diff]="kconfig diff $base $fragment"
  [profile-validate]="profile validate base-arm64"
)
commands=(inspect kconfig-diff profile-validate)

declare -A walls rss
measure() { # $1 command, $2 jvm|launcher
  local -a words
  read -r -a words <<<"${args[$1]}"
  if [ "$2" = jvm ]; then
    bench_measure sh -c '"$@" >"$0"' "$work/$1.jvm.out" "${baseimg[@]}" "${words[@]}"
  else
    bench_measure sh -c '"$@" >"$0"' "$work/$1.launcher.out" "${launcher[@]}" "${words[@]}"
  fi
  walls[$1.$2]="${walls[$1.$2]:-} $BENCH_WALL"
  if [ -z "${rss[$1.$2]:-}" ] || [ "$BENCH_RSS_KB" -gt "${rss[$1.$2]}" ]; then rss[$1.$2]=$BENCH_RSS_KB; fi
}

load_start=$(cut -d ' ' -f 1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for ((r = 1; r <= runs; r++)); do
  bench_log "run $r/$runs"
  for command in "${commands[@]}"; do
    if ((r % 2)); then measure "$command" jvm; measure "$command" launcher
    else measure "$command" launcher; measure "$command" jvm; fi
    cmp -s "$work/$command.jvm.out" "$work/$command.launcher.out" ||
      bench_die "run $r: $command printed different output through the launcher; no figure for it"
  done
done
load_end=$(cut -d ' ' -f 1-3 /proc/loadavg)

median() { local w; read -r -a w <<<"${walls[$1]}"; bench_median "${w[@]}"; }

section="$work/section.md"
{
  printf '## startup\n\n'
  printf 'Short commands through the launcher and through `java -jar` with the JVM'"'"'s defaults, in one\n'
  printf 'run of `bench/startup.sh` started %s: %s measurement(s) per cell, the two alternating and\n' "$started" "$runs"
  printf 'swapping who goes first every run. Command line: %s, repository at %s.\n\n' "$baseimg_version" "$git_rev"
  printf -- '- jvm: `java -jar baseimg.jar ARGS` (what `./baseimg` ran before)\n'
  printf -- '- launcher: `./baseimg ARGS`: `java -XX:+UseSerialGC -XX:SharedArchiveFile=cli/target/baseimg.jsa`\n'
  printf '  (the archive its first run trains with `StartupTraining`), plus `-XX:TieredStopAtLevel=1` for\n'
  printf '  `profile` and `kconfig` commands; the launcher'"'"'s own shell work is part of the time\n'
  printf -- '- inspect: `inspect SMALL.cpio.gz --summary` (one file); kconfig diff: Debian'"'"'s amd64 config against\n'
  printf '  the perf fragment; profile validate: `profile validate base-arm64`\n\n'
  bench_row command tool 'wall s, median' 'wall s, each run' 'peak RSS MiB'
  bench_row --- --- ---: ---: ---:
  for command in "${commands[@]}"; do
    for tool in jvm launcher; do
      bench_row "$command" "$tool" "$(median "$command.$tool")" "${walls[$command.$tool]# }" "$(bench_kib_to_mib "${rss[$command.$tool]}")"
    done
  done
  printf '\n'
  bench_row command 'time launcher/jvm' 'launcher at most 0.35 s'
  bench_row --- ---: ---
  for command in "${commands[@]}"; do
    m=$(median "$command.launcher")
    bench_row "$command" "$(bench_ratio "$m" "$(median "$command.jvm")" 2)" \
      "$(awk -v m="$m" 'BEGIN { print (m <= 0.35 ? "yes" : "no") }')"
  done
  printf '\n'
  printf 'Checked in every run: both print the same bytes. picocli'"'"'s classes are compiled for Java 5,\n'
  printf 'which class-data sharing cannot archive, so they are still loaded and verified every time.\n'
  bench_run_notes "$load_start" "$load_end"
  printf '\nMachine:\n\n%s\n- baseimg: %s\n\n' "$(bench_machine_md)" "$baseimg_version"
} >"$section"

bench_write_section "$results" startup "$section"
bench_log "wrote the startup section of $results"
