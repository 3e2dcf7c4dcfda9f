#!/bin/bash
# Kernel build benchmark: `baseimg kernel build` against plain make doing the same work in the
# same run, with the same config, tree, toolchain and KBUILD_BUILD_* clock:
#   plain make: cp CONFIG O/.config && make -C TREE ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
#               O=O olddefconfig && make ... O=O -jN Image modules dtbs
#   cold:       a new O= directory (and a new --cache for baseimg, so no ccache either)
#   warm:       the same O= directory again, nothing changed
#   changed:    the O= directory of the warm cell after one fragment value changed
#               (CONFIG_VIRTIO_BLK=m added), baseimg with its kept O= and ccache
# Both sides' Images must be the same bytes before any figure is written. The "## kernel"
# section of bench/RESULTS.md gets the wall times, peak RSS and ratios.
#
#   bench/kernel.sh                       Debian's amd64 config carried to arm64 (hours on 2 cores)
#   BENCH_KERNEL_CONFIG=tiny bench/kernel.sh   the CI test kernel (about 1,000 objects)
# Environment:
#   BENCH_KERNEL_TREE  the unpacked Linux 6.1 tree (default /var/cache/baseimg-test/linux-source-6.1)
#   BENCH_JOBS         make -j (default: the number of cores)
#   BENCH_RESULTS      the markdown file to write (default bench/RESULTS.md)
#   BENCH_WORKDIR      where the outputs go while measuring (default a new directory in /var/tmp)
# shellcheck disable=SC2016 # backquotes inside single quotes are markdown code, not commands
# shellcheck source-path=SCRIPTDIR
set -eu -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
# shellcheck source=lib.sh
. "$here/lib.sh"

bench_require_tools /usr/bin/time java mvn make gcc flex bison bc aarch64-linux-gnu-gcc depmod cmp lscpu

tree=${BENCH_KERNEL_TREE:-/var/cache/baseimg-test/linux-source-6.1}
jobs=${BENCH_JOBS:-$(nproc)}
results=${BENCH_RESULTS:-$here/RESULTS.md}
which=${BENCH_KERNEL_CONFIG:-debian}
[ -f "$tree/Makefile" ] || bench_die "no kernel tree at $tree: run ./run-tests once, or set BENCH_KERNEL_TREE"

work=$(bench_workdir kernel)
bench_cleanup_on_exit "$work"
export BENCH_CMD_LOG="$work/commands.log"
bench_prepare_baseimg "$repo" "$work"

# The profile both sides' config comes from; baseimg carries it forward, and the carried config is
# what plain make gets, so that both build the same kernel.
case "$which" in
  debian)
    base=debian-6.1
    fragments="serial-console, perf, va-48bit"
    ;;
  tiny)
    base="$repo/cli/src/test/resources/kernel/tiny-amd64.config"
    fragments="serial-console, perf, va-48bit, $repo/cli/src/test/resources/kernel/boot-test.config"
    ;;
  *) bench_die "BENCH_KERNEL_CONFIG must be debian or tiny, not '$which'" ;;
esac
changed_fragment="$work/virtio-blk.config"
echo 'CONFIG_VIRTIO_BLK=m' >"$changed_fragment"
profile() { # profile FILE EXTRA_FRAGMENT...
  {
    echo "extends: base-arm64"
    echo "kernel:"
    echo "  from: build"
    echo "  base: $base"
    echo "  fragments: [$fragments${2:+, $2}]"
    echo "  source: $tree"
  } >"$1"
}
profile "$work/kernel.yaml"
profile "$work/kernel-changed.yaml" "$changed_fragment"

epoch=1767225600 # 2026-01-01, the clock both sides record
export KBUILD_BUILD_TIMESTAMP='Thu Jan 1 00:00:00 UTC 2026' KBUILD_BUILD_USER=baseimg \
  KBUILD_BUILD_HOST=baseimg KBUILD_BUILD_VERSION=1

# The carried-forward configs, made once, outside the measurements.
"${baseimg[@]}" kconfig generate --profile "$work/kernel.yaml" -o "$work/config" >>"$BENCH_CMD_LOG" 2>&1
"${baseimg[@]}" kconfig generate --profile "$work/kernel-changed.yaml" -o "$work/config-changed" >>"$BENCH_CMD_LOG" 2>&1

baseimg_build() { # baseimg_build PROFILE CACHE OUT
  bench_measure "${baseimg[@]}" kernel build --profile "$1" --cache "$2" --epoch "$epoch" \
    -j "$jobs" -o "$3" --console plain
}
make_build() { # make_build CONFIG O
  mkdir -p "$2"
  cp -- "$1" "$2/.config"
  bench_measure bash -c 'make -C "$1" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- O="$2" olddefconfig &&
    make -C "$1" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- O="$2" -j"$3" Image modules dtbs' \
    _ "$tree" "$2" "$jobs"
}

declare -A wall rss
cell() { wall[$1]=$BENCH_WALL; rss[$1]=$BENCH_RSS_KB; bench_log "$1: ${BENCH_WALL} s"; }

bench_log "cold: baseimg (new cache), then plain make (new O=)"
baseimg_build "$work/kernel.yaml" "$work/cache" "$work/out-cold"; cell baseimg-cold
make_build "$work/config" "$work/o"; cell make-cold
cmp -s "$work/out-cold/Image" "$work/o/arch/arm64/boot/Image" ||
  bench_die "baseimg's and make's cold Images differ: the two did not build the same kernel"

bench_log "warm: nothing changed"
baseimg_build "$work/kernel.yaml" "$work/cache" "$work/out-warm"; cell baseimg-warm
make_build "$work/config" "$work/o"; cell make-warm

bench_log "changed: one fragment value more"
baseimg_build "$work/kernel-changed.yaml" "$work/cache" "$work/out-changed"; cell baseimg-changed
make_build "$work/config-changed" "$work/o"; cell make-changed
cmp -s "$work/out-changed/Image" "$work/o/arch/arm64/boot/Image" ||
  bench_die "baseimg's and make's Images after the change differ"

section="$work/section.md"
{
  echo "## kernel"
  echo
  echo "\`bench/kernel.sh\` (BENCH_KERNEL_CONFIG=$which), $(date -u +%Y-%m-%d), revision $git_rev, make -j$jobs."
  echo "Config: $base + $fragments, carried to arm64; tree $tree. Both sides built the same"
  echo "Image bytes (checked with cmp). baseimg adds olddefconfig, modules_install, depmod and"
  echo "copying into its output; ccache is used when installed (cold: a new, empty cache)."
  echo
  bench_machine_md
  echo
  echo "| cell | baseimg s | plain make s | ratio | baseimg peak RSS MiB | make peak RSS MiB |"
  echo "|---|---:|---:|---:|---:|---:|"
  for c in cold warm changed; do
    printf '| %s | %s | %s | %s | %s | %s |\n' "$c" "${wall[baseimg-$c]}" "${wall[make-$c]}" \
      "$(bench_ratio "${wall[baseimg-$c]}" "${wall[make-$c]}")" \
      "$(bench_kib_to_mib "${rss[baseimg-$c]}")" "$(bench_kib_to_mib "${rss[make-$c]}")"
  done
  echo
  echo "Plain make's command: \`make -C TREE ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- O=O"
  echo "olddefconfig && make ... O=O -j$jobs Image modules dtbs\`, with the same KBUILD_BUILD_* clock."
  echo "Make's peak RSS is that of its largest single process (see lib.sh)."
} >"$section"
bench_write_section "$results" kernel "$section"
bench_log "wrote the kernel section of $results"
