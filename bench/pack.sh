#!/bin/bash
# Packing benchmark: `baseimg pack` against the classic shell pipeline
#   cd TREE && find . | LC_ALL=C sort | cpio -o -H newc --quiet | COMPRESSOR > OUT
# for zstd -19, xz -6, gzip -6 and no compression, on the same tree in the same run. Each cell
# is measured BENCH_RUNS times, the two tools alternating (and swapping who goes first every
# run); the median wall time, the largest peak RSS and the output size go to the "## pack"
# section of bench/RESULTS.md, with the baseimg/native ratios, the machine and the tree.
# Every output is checked before it gets a figure: `baseimg inspect --summary` for baseimg's,
# decompress + `cpio -it` (with the expected entry count) for the pipeline's.
#
#   sudo bench/pack.sh
# Environment:
#   BENCH_TREE     the tree to pack (default /var/cache/baseimg-bench/minbase-arm64-bookworm,
#                  made with debootstrap when missing)
#   BENCH_RUNS     measurements per cell (default 3)
#   BENCH_EPOCH    baseimg's --epoch (default SOURCE_DATE_EPOCH, else 1700000000)
#   BENCH_RESULTS  the markdown file to write (default bench/RESULTS.md)
#   BENCH_WORKDIR  where the outputs go while measuring (default a new directory in /var/tmp)
# shellcheck disable=SC2016 # backquotes inside single quotes are markdown code, not commands
# shellcheck source-path=SCRIPTDIR
set -eu -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
# shellcheck source=lib.sh
. "$here/lib.sh"

bench_require_root
bench_require_tools /usr/bin/time java cpio zstd xz gzip find sort tar lscpu du awk sha256sum

tree=${BENCH_TREE:-$BENCH_DEFAULT_TREE}
runs=${BENCH_RUNS:-3}
epoch=${BENCH_EPOCH:-${SOURCE_DATE_EPOCH:-1700000000}}
results=${BENCH_RESULTS:-$here/RESULTS.md}
case "$runs" in '' | *[!0-9]* | 0) bench_die "BENCH_RUNS must be a positive whole number, not '$runs'" ;; esac
case "$epoch" in '' | *[!0-9]*) bench_die "BENCH_EPOCH must be seconds since 1970, not '$epoch'" ;; esac

ensure_minbase_tree "$tree"
tree=$(cd "$tree" && pwd)

work=$(bench_workdir pack)
bench_cleanup_on_exit "$work"
export BENCH_CMD_LOG="$work/commands.log"

bench_prepare_baseimg "$repo" "$work"

bench_log "warming the page cache with $tree"
bench_warm_tree "$tree"
tree_entries=$(find "$tree" | wc -l)
machine_md=$(bench_machine_md)
tree_md=$(bench_tree_md "$tree")
load_start=$(cut -d ' ' -f 1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)

compressions=(zstd xz gzip none)
declare -A ext=([zstd]=.zst [xz]=.xz [gzip]=.gz [none]="")
declare -A baseimg_opts=([zstd]='--compression zstd --level 19' [xz]='--compression xz'
  [gzip]='--compression gzip' [none]='--compression none')
declare -A compressor=([zstd]='zstd -19 -T0 -q' [xz]='xz -T0 --check=crc32' [gzip]='gzip -n -6' [none]='')
declare -A decompressor=([zstd]='zstd -dc -q' [xz]='xz -dc' [gzip]='gzip -dc' [none]='cat')

native_pipeline() { # the pipeline text for a compression, with $1 the tree and $2 the output
  local p='cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc --quiet'
  if [ -n "${compressor[$1]}" ]; then p="$p | ${compressor[$1]}"; fi
  printf '%s > "$2"' "$p"
}

declare -A walls rss size entries sums
notes=()

measure_baseimg() { # $1 compression, $2 run
  local c=$1 out="$work/baseimg.cpio${ext[$1]}" opts summary n
  read -r -a opts <<<"${baseimg_opts[$c]}"
  rm -f -- "$out"
  sync
  bench_measure "${baseimg[@]}" pack "$tree" -o "$out" "${opts[@]}" --epoch "$epoch" --console plain
  summary=$("${baseimg[@]}" inspect "$out" --summary 2>&1) || {
    printf '%s\n' "$summary" >&2
    bench_die "baseimg inspect rejects baseimg's $c output (run $2); no figure for a broken artifact"
  }
  n=$(printf '%s\n' "$summary" | sed -n '1s/.*[^0-9]\([0-9][0-9]*\) entries.*/\1/p')
  record baseimg "$c" "$out" "${n:-?}"
}

measure_native() { # $1 compression, $2 run
  local c=$1 out="$work/native.cpio${ext[$1]}" n
  rm -f -- "$out"
  sync
  # bash, not sh: pipefail makes a failing stage fail the measurement.
  bench_measure bash -c "set -o pipefail; $(native_pipeline "$c")" native "$tree" "$out"
  # shellcheck disable=SC2086 # the decompressor is a fixed command with its options
  n=$(${decompressor[$c]} <"$out" | cpio -it --quiet | wc -l) ||
    bench_die "the pipeline's $c output (run $2) does not decompress and list; no figure for it"
  [ "$n" -eq "$tree_entries" ] ||
    bench_die "the pipeline's $c output (run $2) lists $n entries, the tree has $tree_entries"
  record native "$c" "$out" "$n"
}

record() { # $1 tool, $2 compression, $3 output, $4 entry count
  local k="$1.$2" s h
  s=$(bench_size "$3")
  h=$(sha256sum <"$3" | cut -d ' ' -f 1)
  walls[$k]="${walls[$k]:-} $BENCH_WALL"
  if [ -z "${rss[$k]:-}" ] || [ "$BENCH_RSS_KB" -gt "${rss[$k]}" ]; then rss[$k]=$BENCH_RSS_KB; fi
  if [ -n "${sums[$k]:-}" ] && [ "${sums[$k]}" != "$h" ]; then
    notes+=("$1 $2: the output bytes differed between runs (sizes ${size[$k]} and $s).")
  fi
  sums[$k]=$h
  size[$k]=$s
  entries[$k]=$4
  bench_log "  $1 $2: $BENCH_WALL s, peak RSS $(bench_kib_to_mib "$BENCH_RSS_KB") MiB, $s bytes"
}

for ((r = 1; r <= runs; r++)); do
  for c in "${compressions[@]}"; do
    bench_log "run $r/$runs, $c"
    if ((r % 2)); then
      measure_baseimg "$c" "$r"
      measure_native "$c" "$r"
    else
      measure_native "$c" "$r"
      measure_baseimg "$c" "$r"
    fi
  done
done

load_end=$(cut -d ' ' -f 1-3 /proc/loadavg)
rm -f -- "$work"/baseimg.cpio* "$work"/native.cpio*

# The report.
section="$work/section.md"
{
  printf '## pack\n\n'
  printf 'Packing one tree into an initramfs with `baseimg pack` and with the shell pipeline,\n'
  printf 'for each compression, in one run of `bench/pack.sh` started %s: %s measurement(s)\n' "$started" "$runs"
  printf 'per cell, the two tools alternating and swapping who goes first every run, page cache\n'
  printf 'warmed first. Command line: %s, repository at %s.\n\n' "$baseimg_version" "$git_rev"
  printf -- '- baseimg: `java -jar baseimg.jar pack TREE -o OUT --compression C [--level 19] --epoch %s --console plain`\n' "$epoch"
  printf '  (the jar `./baseimg` builds, copied before timing; JVM start-up is part of the time)\n'
  printf -- '- native: `cd TREE && find . | LC_ALL=C sort | cpio -o -H newc --quiet | COMPRESSOR > OUT`,\n'
  printf '  run as `bash -c` with pipefail\n\n'
  bench_row compression tool 'options / COMPRESSOR' 'wall s, median' 'wall s, each run' 'peak RSS MiB' 'output bytes' entries
  bench_row --- --- --- ---: ---: ---: ---: ---:
  for c in "${compressions[@]}"; do
    for t in baseimg native; do
      k="$t.$c"
      if [ "$t" = baseimg ]; then o="\`${baseimg_opts[$c]}\`"; else o="\`${compressor[$c]}\`"; fi
      if [ "$o" = '``' ]; then o='(no compressor)'; fi
      read -r -a w <<<"${walls[$k]}"
      bench_row "$c" "$t" "$o" "$(bench_median "${w[@]}")" "${w[*]}" \
        "$(bench_kib_to_mib "${rss[$k]}")" "${size[$k]}" "${entries[$k]}"
    done
  done
  printf '\n'
  bench_row compression 'time baseimg/native' 'size baseimg/native'
  bench_row --- ---: ---:
  for c in "${compressions[@]}"; do
    read -r -a wb <<<"${walls[baseimg.$c]}"
    read -r -a wn <<<"${walls[native.$c]}"
    bench_row "$c" "$(bench_ratio "$(bench_median "${wb[@]}")" "$(bench_median "${wn[@]}")" 2)" \
      "$(bench_ratio "${size[baseimg.$c]}" "${size[native.$c]}" 3)"
  done
  printf '\n'
  cat <<'EOF'
How to read it: wall time and peak RSS are GNU time's `%e` and `%M`. For the pipeline, peak
RSS is that of its largest single process, not the sum of its stages; baseimg's is the JVM's,
heap included, and the JVM grows its heap towards its default limit (a quarter of the RAM)
before collecting, so it shows what baseimg took here rather than what it needs. Every baseimg output passed `baseimg inspect --summary`; every pipeline output
was decompressed and listed with `cpio -it`, one entry per entry of the tree. The archives are
not the same bytes: baseimg adds the `/init`, `/dev/console` and mount points the tree lacks
(hence more entries), sets every header field itself and clamps mtimes to the epoch; the
pipeline copies host metadata as it is.
EOF
  bench_run_notes "$load_start" "$load_end" "${notes[@]}"
  printf '\nMachine:\n\n%s\n- baseimg: %s\n\nTree `%s`:\n\n%s\n\n' "$machine_md" "$baseimg_version" "$tree" "$tree_md"
} >"$section"

bench_write_section "$results" pack "$section"
bench_log "wrote the pack section of $results"
