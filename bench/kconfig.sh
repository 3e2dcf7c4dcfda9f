#!/bin/bash
# Kernel config benchmark: `baseimg kconfig generate` and `baseimg kconfig diff` against the
# kernel's own scripts doing the same work in the same run:
#   generate: cp BASE O/.config && merge_config.sh -m .config FRAGMENTS... &&
#             make -C TREE ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- [CROSS_COMPILE_COMPAT=...] O=O olddefconfig
#             cold (a new O= directory, and a new --cache for baseimg: kconfig's programs are built)
#             and warm (the O= directory, and baseimg's --cache, of the run before)
#   diff:     scripts/diffconfig BASE CARRIED
# with Debian's amd64 config and the stock serial-console, perf and va-48bit fragments. Each cell
# is measured BENCH_RUNS times, the two alternating (and swapping who goes first every run); the
# median wall time, the largest peak RSS and the ratios go to the "## kconfig" section of
# bench/RESULTS.md. Every output is checked before it gets a figure: the generated configs must be
# the same bytes, and so must the two diffs.
#
#   bench/kconfig.sh
# Environment:
#   BENCH_KERNEL_TREE  the unpacked Linux 6.1 tree (default /var/cache/baseimg-test/linux-source-6.1,
#                      unpacked from /usr/src/linux-source-6.1.tar.xz when missing)
#   BENCH_RUNS         measurements per cell (default 3)
#   BENCH_RESULTS      the markdown file to write (default bench/RESULTS.md)
#   BENCH_WORKDIR      where the outputs go while measuring (default a new directory in /var/tmp)
# shellcheck disable=SC2016 # backquotes inside single quotes are markdown code, not commands
# shellcheck source-path=SCRIPTDIR
set -eu -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
# shellcheck source=lib.sh
. "$here/lib.sh"

bench_require_tools /usr/bin/time java mvn make gcc flex bison python3 aarch64-linux-gnu-gcc cmp awk lscpu

tree=${BENCH_KERNEL_TREE:-/var/cache/baseimg-test/linux-source-6.1}
runs=${BENCH_RUNS:-3}
results=${BENCH_RESULTS:-$here/RESULTS.md}
case "$runs" in '' | *[!0-9]* | 0) bench_die "BENCH_RUNS must be a positive whole number, not '$runs'" ;; esac

if [ ! -f "$tree/scripts/kconfig/merge_config.sh" ]; then
  [ -f /usr/src/linux-source-6.1.tar.xz ] || bench_die "no kernel tree at $tree and no /usr/src/linux-source-6.1.tar.xz: apt-get install linux-source-6.1"
  bench_log "unpacking /usr/src/linux-source-6.1.tar.xz into $tree"
  mkdir -p -- "$tree.partial"
  tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$tree.partial" --strip-components=1
  mv -- "$tree.partial" "$tree"
fi

work=$(bench_workdir kconfig)
bench_cleanup_on_exit "$work"
export BENCH_CMD_LOG="$work/commands.log"

bench_prepare_baseimg "$repo" "$work"

base="$repo/kernel-configs/amd64/debian-6.1.config"
fragments=(serial-console perf va-48bit)
fragment_files=()
for f in "${fragments[@]}"; do fragment_files+=("$repo/kernel-configs/arm64/$f.config"); done
compat=()
compat_text="(no compat gcc)"
if command -v arm-linux-gnueabihf-gcc >/dev/null 2>&1; then
  compat=(CROSS_COMPILE_COMPAT=arm-linux-gnueabihf-)
  compat_text="CROSS_COMPILE_COMPAT=arm-linux-gnueabihf-"
fi
make_vars=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- "${compat[@]}")

# The plain commands, written out as the scripts a maintainer would run, so that each is one
# measured command. Cold: a new O= directory, as a first run has. Warm: the same O= directory
# every time, its kconfig programs already built.
# (The cold O= is removed before each measurement, outside it, as baseimg's cold cache is.)
for temperature in cold warm; do
  cat >"$work/native-generate-$temperature.sh" <<SCRIPT
#!/bin/sh
set -e
mkdir -p "$work/native-o-$temperature" && cd "$work/native-o-$temperature"
cp "$base" .config
sh "$tree/scripts/kconfig/merge_config.sh" -m .config ${fragment_files[*]}
make -C "$tree" ${make_vars[*]} O="$work/native-o-$temperature" olddefconfig
cp .config "$work/native-$temperature.config"
SCRIPT
done
cat >"$work/native-diff.sh" <<SCRIPT
#!/bin/sh
exec python3 "$tree/scripts/diffconfig" "$base" "$work/native-warm.config" >"$work/diff.native"
SCRIPT
cat >"$work/baseimg-diff.sh" <<SCRIPT
#!/bin/sh
exec ${baseimg[*]} kconfig diff "$base" "$work/native-warm.config" >"$work/diff.baseimg"
SCRIPT
chmod +x "$work"/*.sh
generate_args=(kconfig generate --base debian-6.1)
for f in "${fragments[@]}"; do generate_args+=(--fragment "$f"); done
generate_args+=(--source "$tree" --console plain)

declare -A walls rss
record() { # $1 cell
  walls[$1]="${walls[$1]:-} $BENCH_WALL"
  if [ -z "${rss[$1]:-}" ] || [ "$BENCH_RSS_KB" -gt "${rss[$1]}" ]; then rss[$1]=$BENCH_RSS_KB; fi
  bench_log "  $1: $BENCH_WALL s, peak RSS $(bench_kib_to_mib "$BENCH_RSS_KB") MiB"
}

measure() { # $1 cell
  case "$1" in
    generate-cold.baseimg)
      rm -rf -- "$work/baseimg.config" "$work/cache-cold"
      bench_measure "${baseimg[@]}" "${generate_args[@]}" -o "$work/baseimg.config" --cache "$work/cache-cold" ;;
    generate-warm.baseimg)
      rm -f -- "$work/baseimg-warm.config"
      bench_measure "${baseimg[@]}" "${generate_args[@]}" -o "$work/baseimg-warm.config" --cache "$work/cache-warm" ;;
    generate-report.baseimg)
      rm -f -- "$work/report.config" "$work/report.md"
      bench_measure "${baseimg[@]}" "${generate_args[@]}" -o "$work/report.config" --report "$work/report.md" --cache "$work/cache-warm" ;;
    generate-cold.native)
      rm -rf -- "$work/native-o-cold"
      bench_measure "$work/native-generate-cold.sh" ;;
    generate-warm.native) bench_measure "$work/native-generate-warm.sh" ;;
    diff.baseimg) bench_measure "$work/baseimg-diff.sh" ;;
    diff.native) bench_measure "$work/native-diff.sh" ;;
  esac
  record "$1"
}

# Warm cells start from what a first run leaves: built once here, unmeasured.
bench_log "warming the kept O= directories"
"$work/native-generate-warm.sh" >/dev/null 2>&1 || bench_die "the kernel scripts failed in $tree (run $work/native-generate-warm.sh to see why)"
"${baseimg[@]}" "${generate_args[@]}" -o "$work/baseimg-warm.config" --cache "$work/cache-warm" >/dev/null 2>&1 ||
  bench_die "baseimg kconfig generate failed (run it with --cache $work/cache-warm to see why)"

load_start=$(cut -d ' ' -f 1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for ((r = 1; r <= runs; r++)); do
  bench_log "run $r/$runs"
  if ((r % 2)); then
    order=(generate-cold.baseimg generate-cold.native generate-warm.baseimg generate-warm.native
      generate-report.baseimg diff.baseimg diff.native)
  else
    order=(generate-cold.native generate-cold.baseimg generate-warm.native generate-warm.baseimg
      generate-report.baseimg diff.native diff.baseimg)
  fi
  # The diffs read the scripts' config, so the generate cells come first in every run.
  for cell in "${order[@]}"; do measure "$cell"; done
  cmp -s "$work/native-cold.config" "$work/native-warm.config" ||
    bench_die "run $r: the kernel scripts gave another config in a kept O= directory"
  cmp -s "$work/baseimg.config" "$work/native-cold.config" ||
    bench_die "run $r: baseimg's config is not the kernel scripts' (diff $work/baseimg.config $work/native-cold.config); no figure for it"
  cmp -s "$work/baseimg.config" "$work/baseimg-warm.config" ||
    bench_die "run $r: the kept O= directory changed baseimg's config"
  cmp -s "$work/baseimg.config" "$work/report.config" || bench_die "run $r: --report changed the config"
  cmp -s "$work/diff.baseimg" "$work/diff.native" ||
    bench_die "run $r: kconfig diff and diffconfig printed different bytes; no figure for them"
done
load_end=$(cut -d ' ' -f 1-3 /proc/loadavg)
diff_lines=$(wc -l <"$work/diff.native")
symbols=$(grep -c '^CONFIG_\|^# CONFIG_.* is not set$' "$work/native-cold.config")
report_summary=$(grep -c '^- `' "$work/report.md")

median() { local w; read -r -a w <<<"${walls[$1]}"; bench_median "${w[@]}"; }

section="$work/section.md"
{
  printf '## kconfig\n\n'
  printf 'Carrying Debian'"'"'s amd64 6.1 config to arm64 with the stock serial-console, perf and va-48bit\n'
  printf 'fragments, and diffing the two, with baseimg and with the kernel'"'"'s own scripts, in one run of\n'
  printf '`bench/kconfig.sh` started %s: %s measurement(s) per cell, the two alternating and swapping\n' "$started" "$runs"
  printf 'who goes first every run. Command line: %s, repository at %s. Kernel tree: Linux %s\n' "$baseimg_version" "$git_rev" "$(awk '/^(VERSION|PATCHLEVEL|SUBLEVEL) =/ { v = v (v == "" ? "" : ".") $3 } END { print v }' "$tree/Makefile")"
  printf '(`%s`), toolchain: `%s`, %s.\n\n' "$tree" "$(aarch64-linux-gnu-gcc --version | head -n 1)" "$compat_text"
  printf -- '- baseimg generate: `java -jar baseimg.jar kconfig generate --base debian-6.1 --fragment serial-console --fragment perf --fragment va-48bit --source TREE -o OUT --cache CACHE --console plain`\n'
  printf '  (merge, make olddefconfig in the O= directory kept in CACHE for the tree and toolchain, survival check; JVM start-up included).\n'
  printf '  **Cold**: CACHE new, so make builds kconfig'"'"'s `conf` first; **warm**: CACHE of the run before.\n'
  printf -- '- baseimg generate --report: warm, plus `--report FILE` (reads the x86 and arm64 Kconfig trees)\n'
  printf -- '- native generate: `cp BASE O/.config && cd O && merge_config.sh -m .config F1 F2 F3 && make -C TREE %s O=O olddefconfig`;\n' "${make_vars[*]}"
  printf '  **cold**: O new; **warm**: the O of the run before\n'
  printf -- '- baseimg diff: `java -jar baseimg.jar kconfig diff BASE CARRIED`; native: `scripts/diffconfig BASE CARRIED`\n\n'
  bench_row task tool 'wall s, median' 'wall s, each run' 'peak RSS MiB'
  bench_row --- --- ---: ---: ---:
  for cell in generate-cold.baseimg generate-cold.native generate-warm.baseimg generate-warm.native \
    generate-report.baseimg diff.baseimg diff.native; do
    task=${cell%%.*}
    case "$task" in
      generate-report) task="generate --report (warm)" ;;
      generate-*) task="generate, ${task#generate-}" ;;
    esac
    bench_row "$task" "${cell#*.}" "$(median "$cell")" "${walls[$cell]# }" "$(bench_kib_to_mib "${rss[$cell]}")"
  done
  printf '\n'
  bench_row task 'time baseimg/native'
  bench_row --- ---:
  bench_row 'generate, cold' "$(bench_ratio "$(median generate-cold.baseimg)" "$(median generate-cold.native)" 2)"
  bench_row 'generate, warm' "$(bench_ratio "$(median generate-warm.baseimg)" "$(median generate-warm.native)" 2)"
  bench_row 'generate --report (warm)' "$(bench_ratio "$(median generate-report.baseimg)" "$(median generate-warm.native)" 2)"
  bench_row diff "$(bench_ratio "$(median diff.baseimg)" "$(median diff.native)" 2)"
  printf '\n'
  printf 'Checked in every run: baseimg'"'"'s generated config is byte for byte the kernel scripts'"'"' (%s\n' "$symbols"
  printf 'settings), `--report` does not change it, and `kconfig diff` prints the same %s lines as\n' "$diff_lines"
  printf 'diffconfig. The report listed %s items. Cold, building kconfig'"'"'s `conf` is most of either\n' "$report_summary"
  printf 'side'"'"'s time; warm, it is olddefconfig itself. baseimg adds the JVM, the survival check and, with\n'
  printf '`--report`, reading two Kconfig trees. Peak RSS is GNU time'"'"'s `%%M`: for the scripts, that of\n'
  printf 'their largest single process; for baseimg, the JVM'"'"'s or make'"'"'s, whichever is larger.\n'
  bench_run_notes "$load_start" "$load_end"
  printf '\nMachine:\n\n%s\n- baseimg: %s\n\n' "$(bench_machine_md)" "$baseimg_version"
} >"$section"

bench_write_section "$results" kconfig "$section"
bench_log "wrote the kconfig section of $results"
