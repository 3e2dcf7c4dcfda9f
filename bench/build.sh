#!/bin/bash
# Build benchmark: `baseimg build` against the plain tools doing the same work, in one run:
#
#  1. cold: `baseimg build base-arm64` with an empty cache directory (downloads the .debs,
#     bootstraps, packs) against `debootstrap --arch=arm64 --variant=minbase bookworm TREE`,
#     the cleaning a build does, and `find . | LC_ALL=C sort | cpio -o -H newc | zstd -19 -T0`.
#  2. agent-only rebuild: edge-arm64 with its Salt repository replaced by a local signed one
#     (the Salt Project's is out of reach here), built once with `master: salt-a...` to fill the
#     caches ("first edge build", timed but compared with nothing), then rebuilt with only
#     `master:` changed to salt-b..., which should copy the cached tree after apt and skip
#     debootstrap and apt; against the plain tools doing that rebuild from nothing (debootstrap,
#     the repository and salt-minion with apt in a chroot, the master's file, cleaning, packing).
#
# Both tools fetch from the same mirror: the host's apt sources (first bookworm entry), else
# debootstrap's default. Every artifact is checked before it gets a figure (`baseimg inspect
# --summary` for baseimg's, `zstd -dc | cpio -it` with more than 1000 entries for the plain
# tools', and the master's name inside both edge artifacts). Wall times (median and each run),
# peak RSS, sizes and baseimg's own step times go to the "## build" section of
# bench/RESULTS.md. Every run starts from an empty baseimg cache; the two tools alternate who
# goes first from run to run.
#
#   sudo bench/build.sh                 # one run, 15-20 minutes on 2 cores
#   sudo BENCH_RUNS=3 bench/build.sh
# Environment:
#   BENCH_RUNS     runs (default 1; each takes 15-20 minutes)
#   BENCH_RESULTS  the markdown file to write (default bench/RESULTS.md)
#   BENCH_WORKDIR  where caches, trees and outputs go while measuring (default a new directory in
#                  /var/tmp; a few GB)
# shellcheck disable=SC2016 # backquotes inside single quotes are markdown code, not commands
# shellcheck source-path=SCRIPTDIR
set -eu -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
# shellcheck source=lib.sh
. "$here/lib.sh"

bench_require_root
bench_require_tools /usr/bin/time java mvn debootstrap chroot mount umount mountpoint cpio zstd \
  find sort awk sed lscpu du mkfifo realpath gpg gpg-agent gpgconf dpkg-deb dpkg-query
bench_check_binfmt

runs=$(bench_runs)
results=${BENCH_RESULTS:-$here/RESULTS.md}
work=$(bench_workdir build)
repo_pid="" repo_holder=""

# The local repository: java reads its standard input from a fifo that `sleep infinity` holds
# open; killing the sleep closes it, and the repository then stops its server and gpg-agent and
# deletes its keys. Only when it does not stop by itself is it killed.
stop_repository() {
  local i
  if [ -n "$repo_holder" ]; then
    kill "$repo_holder" 2>/dev/null || true
    wait "$repo_holder" 2>/dev/null || true
    repo_holder=""
  fi
  if [ -n "$repo_pid" ]; then
    for ((i = 0; i < 60; i++)); do
      kill -0 "$repo_pid" 2>/dev/null || break
      sleep 0.5
    done
    kill "$repo_pid" 2>/dev/null || true
    wait "$repo_pid" 2>/dev/null || true
    repo_pid=""
  fi
}

cleanup() {
  stop_repository
  # Unmounts whatever an interrupted chroot left below the work directory (the plain tools'
  # /proc, baseimg's /proc, /sys, /dev and apt cache), then removes it all.
  bench_remove_tree "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export BENCH_CMD_LOG="$work/commands.log"

bench_prepare_baseimg "$repo" "$work"

bench_log "building test-fixtures (the local apt repository)"
(cd "$repo" && mvn -q -B -pl test-fixtures install -DskipTests -Dspotless.check.skip=true &&
  mvn -q -B -pl test-fixtures dependency:build-classpath -Dmdep.outputFile="$work/fixtures.classpath") \
  >"$work/fixtures-build.log" 2>&1 || {
  tail -n 30 "$work/fixtures-build.log" >&2
  bench_die "test-fixtures does not build (or Maven cannot list its classpath)"
}
cp -a -- "$repo/test-fixtures/target/classes" "$work/fixtures-classes"
fixtures_cp="$(cat "$work/fixtures.classpath"):$work/fixtures-classes"

# The same mirror for both tools. Passed to debootstrap as an argument, never written down.
mirror=$(bench_host_debian_mirror bookworm)
if [ -n "$mirror" ]; then
  mirror_md="the host's apt sources (their first bookworm entry, as baseimg picks it), given to debootstrap as its MIRROR argument"
else
  mirror_md="debootstrap's default (the host's apt sources name no bookworm mirror; baseimg falls back to the same)"
fi

bench_log "starting the local apt repository with the fake salt-minion"
mkfifo "$work/repository.stdin"
java -cp "$fixtures_cp" org.baseimg.testing.LocalAptRepository <"$work/repository.stdin" \
  >"$work/repository.out" 2>"$work/repository.err" &
repo_pid=$!
sleep infinity >"$work/repository.stdin" &
repo_holder=$!
repo_uri="" repo_key=""
for ((i = 0; i < 240; i++)); do
  repo_uri=$(sed -n 's/^uri=//p' "$work/repository.out")
  repo_key=$(sed -n 's/^key=//p' "$work/repository.out")
  if [ -n "$repo_uri" ] && [ -n "$repo_key" ]; then break; fi
  kill -0 "$repo_pid" 2>/dev/null || {
    cat "$work/repository.err" >&2
    bench_die "the local apt repository did not start"
  }
  sleep 0.5
done
{ [ -n "$repo_uri" ] && [ -f "$repo_key" ]; } || bench_die "the local apt repository printed no uri= and key= within 2 minutes"
bench_log "local apt repository at $repo_uri"

profile_dir="$work/profile"
mkdir -p -- "$profile_dir"
profile="$profile_dir/edge-bench.yaml"
write_profile() { # $1 the master
  cat >"$profile" <<EOF
# edge-arm64 with a local signed repository standing in for the Salt Project's.
extends: edge-arm64
repositories:
  - name: salt
    uri: $repo_uri
    suite: stable
    components: [main]
    signed-by: $repo_key
agent:
  master: $1
EOF
}
master_a=salt-a.example.internal
master_b=salt-b.example.internal

# The plain tools. Arguments: $1 the tree (must not exist), $2 the output, $3 the mirror (may be
# empty), and for the rebuild $4 the repository's URI, $5 its key, $6 the master.
plain_cold=$(
  cat <<'EOF'
set -eu -o pipefail
debootstrap --arch=arm64 --variant=minbase bookworm "$1" ${3:+"$3"}
rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/var/cache/apt/archives/*.deb
cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | zstd -19 -T0 -q > "$2"
EOF
)
plain_edge=$(
  cat <<'EOF'
set -eu -o pipefail
trap 'if mountpoint -q "$1/proc"; then umount "$1/proc"; fi' EXIT
debootstrap --arch=arm64 --variant=minbase bookworm "$1" ${3:+"$3"}
mount -t proc proc "$1/proc"
cp /etc/resolv.conf "$1/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' > "$1/usr/sbin/policy-rc.d"
chmod 755 "$1/usr/sbin/policy-rc.d"
mkdir -p "$1/etc/apt/keyrings"
cp "$5" "$1/etc/apt/keyrings/salt.gpg"
printf 'Types: deb\nURIs: %s\nSuites: stable\nComponents: main\nSigned-By: /etc/apt/keyrings/salt.gpg\n' "$4" \
  > "$1/etc/apt/sources.list.d/salt.sources"
export PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive
chroot "$1" apt-get update
chroot "$1" apt-get install -y --no-install-recommends ca-certificates salt-minion
mkdir -p "$1/etc/salt/minion.d"
printf 'master: %s\n' "$6" > "$1/etc/salt/minion.d/master.conf"
rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/var/cache/apt/archives/*.deb
rm -f "$1/usr/sbin/policy-rc.d"
umount "$1/proc"
cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | zstd -19 -T0 -q > "$2"
EOF
)

declare -A walls rss size entries steps
notes=()
warm_skipped=""
manifest_mirror_checked=""

# The text of the salt configuration files inside an archive (empty when there are none).
salt_config_in() {
  zstd -dc -q -- "$1" | cpio -i --quiet --to-stdout '*etc/salt/minion.d/*' 2>/dev/null || true
}

record() { # $1 cell, $2 output file, $3 entries
  local k=$1 s
  s=$(bench_size "$2")
  walls[$k]="${walls[$k]:-} $BENCH_WALL"
  if [ -z "${rss[$k]:-}" ] || [ "$BENCH_RSS_KB" -gt "${rss[$k]}" ]; then rss[$k]=$BENCH_RSS_KB; fi
  if [ -n "${size[$k]:-}" ] && [ "${size[$k]}" != "$s" ]; then
    notes+=("$k: the output size differed between runs (${size[$k]} and $s bytes).")
  fi
  size[$k]=$s
  entries[$k]=$3
  bench_log "  $k: $BENCH_WALL s, peak RSS $(bench_kib_to_mib "$BENCH_RSS_KB") MiB, $s bytes, $3 entries"
}

# baseimg_build CELL PROFILE CACHE OUTDIR RUN [MASTER] : one timed build, checked.
baseimg_build() {
  local k=$1 prof=$2 cache=$3 out=$4 r=$5 master=${6:-} log artifact summary n m
  log="$work/$k.run$r.log"
  rm -rf -- "$out"
  sync
  BENCH_CMD_LOG=$log bench_measure "${baseimg[@]}" build "$prof" -o "$out" --cache "$cache" --environment host --console plain
  artifact=$(find "$out" -maxdepth 1 -name '*.cpio.zst')
  { [ -n "$artifact" ] && [ "$(printf '%s\n' "$artifact" | wc -l)" -eq 1 ]; } ||
    bench_die "$k (run $r): expected one *.cpio.zst in $out, found: ${artifact:-none}"
  summary=$("${baseimg[@]}" inspect "$artifact" --summary 2>&1) || {
    printf '%s\n' "$summary" >&2
    bench_die "baseimg inspect rejects the artifact of $k (run $r); no figure for a broken artifact"
  }
  n=$(printf '%s\n' "$summary" | sed -n '1s/.*[^0-9]\([0-9][0-9]*\) entries.*/\1/p')
  if [ -n "$master" ]; then
    salt_config_in "$artifact" | grep -qF "$master" ||
      bench_die "$k (run $r): the artifact's /etc/salt/minion.d does not name $master"
  fi
  # Both tools must have fetched from one mirror; compared here, never written down.
  m=$(sed -n 's/.*"mirror" *: *"\([^"]*\)".*/\1/p' "$artifact.manifest.json" | head -n 1)
  if [ -n "$mirror" ] && [ -z "$manifest_mirror_checked" ]; then
    manifest_mirror_checked=yes
    if [ "${m%/}" != "${mirror%/}" ]; then
      notes+=("baseimg's manifest names another mirror than the one given to debootstrap: the cold figures compare downloads from different places.")
    fi
  fi
  # baseimg's own step times, from its plain console ("baseimg: step 2/7: NAME done in 1.2 s").
  steps[$k]=$(bench_steps_of "$log")
  record "$k" "$artifact" "${n:-?}"
}

# plain_build CELL SCRIPT RUN [ARG...] : the plain tools, timed as one `bash -c`, checked.
plain_build() {
  local k=$1 script=$2 r=$3 tree out n
  shift 3
  tree="$work/run$r/plain-tree"
  out="$work/run$r/plain.cpio.zst"
  bench_remove_tree "$tree"
  rm -f -- "$out"
  sync
  BENCH_CMD_LOG="$work/$k.run$r.log" bench_measure bash -c "$script" plain "$tree" "$out" "$@"
  bench_remove_tree "$tree"
  n=$(zstd -dc -q -- "$out" | cpio -it --quiet | wc -l) ||
    bench_die "$k (run $r): the output does not decompress and list; no figure for it"
  [ "$n" -gt 1000 ] || bench_die "$k (run $r): the output lists only $n entries"
  if [ "$#" -ge 4 ]; then
    salt_config_in "$out" | grep -qF "$4" ||
      bench_die "$k (run $r): the output's /etc/salt/minion.d does not name $4"
  fi
  record "$k" "$out" "$n"
  rm -f -- "$out"
}

baseimg_edge() { # $1 run
  local cache="$work/run$1/cache"
  write_profile "$master_a"
  baseimg_build edge1.baseimg "$profile" "$cache" "$work/run$1/out-edge-a" "$1" "$master_a"
  write_profile "$master_b"
  baseimg_build warm.baseimg "$profile" "$cache" "$work/run$1/out-edge-b" "$1" "$master_b"
  # The point of the rebuild: the tree after apt came from the cache.
  if grep -q '^baseimg: step [0-9]*/[0-9]*: copy cached packages ' "$work/warm.baseimg.run$1.log" &&
    ! grep -Eq '^baseimg: step [0-9]+/[0-9]+: (debootstrap|install packages|configure apt) ' "$work/warm.baseimg.run$1.log"; then
    warm_skipped="${warm_skipped:-yes}"
  else
    warm_skipped=no
    notes+=("run $1: the agent-only rebuild did not start from the cached tree after apt (see its steps below).")
  fi
}

machine_md=$(bench_machine_md)
load_start=$(cut -d ' ' -f 1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)

for ((r = 1; r <= runs; r++)); do
  mkdir -p -- "$work/run$r/cache"
  if ((r % 2)); then
    bench_log "run $r/$runs: cold, baseimg (empty cache; about 3.5 minutes)"
    baseimg_build cold.baseimg base-arm64 "$work/run$r/cache" "$work/run$r/out-cold" "$r"
    bench_log "run $r/$runs: cold, plain tools (about 3 minutes)"
    plain_build cold.plain "$plain_cold" "$r" "$mirror"
    bench_log "run $r/$runs: edge, baseimg first build and agent-only rebuild (about 3 minutes)"
    baseimg_edge "$r"
    bench_log "run $r/$runs: edge, plain tools from nothing (about 4 minutes)"
    plain_build warm.plain "$plain_edge" "$r" "$mirror" "$repo_uri" "$repo_key" "$master_b"
  else
    bench_log "run $r/$runs: cold, plain tools (about 3 minutes)"
    plain_build cold.plain "$plain_cold" "$r" "$mirror"
    bench_log "run $r/$runs: cold, baseimg (empty cache; about 3.5 minutes)"
    baseimg_build cold.baseimg base-arm64 "$work/run$r/cache" "$work/run$r/out-cold" "$r"
    bench_log "run $r/$runs: edge, plain tools from nothing (about 4 minutes)"
    plain_build warm.plain "$plain_edge" "$r" "$mirror" "$repo_uri" "$repo_key" "$master_b"
    bench_log "run $r/$runs: edge, baseimg first build and agent-only rebuild (about 3 minutes)"
    baseimg_edge "$r"
  fi
  bench_remove_tree "$work/run$r"
done

load_end=$(cut -d ' ' -f 1-3 /proc/loadavg)
stop_repository

# The report.
section="$work/section.md"
{
  printf '## build\n\n'
  printf 'Building images with `baseimg build` and with the plain tools, in one run of `bench/build.sh`\n'
  printf 'started %s: %s run(s), each from an empty baseimg cache, the two tools alternating who\n' "$started" "$runs"
  printf 'goes first from run to run. Command line: %s, repository at %s.\n\n' "$baseimg_version" "$git_rev"
  printf -- '- baseimg: `java -jar baseimg.jar build PROFILE -o OUT --cache CACHE --environment host --console plain` (the jar\n'
  printf '  `./baseimg` builds, copied before timing; JVM start-up is part of the time). **Cold**:\n'
  printf '  PROFILE `base-arm64`, CACHE a new empty directory. **First edge build**: the profile below\n'
  printf '  with `master: %s`, same CACHE (so the bootstrapped tree is already there; this\n' "$master_a"
  printf '  fills the cache of the tree after apt). **Agent-only rebuild**: the same file with only\n'
  printf '  `master:` changed to `%s`, same CACHE.\n' "$master_b"
  printf -- '- plain tools: the scripts below, each timed as one `bash -c` with pipefail; TREE is new,\n'
  printf '  MIRROR as for baseimg.\n'
  printf -- '- mirror: %s.\n' "$mirror_md"
  printf -- '- Salt repository: `org.baseimg.testing.LocalAptRepository` (test-fixtures) on 127.0.0.1, signed\n'
  printf '  with a throwaway key, serving a fake `salt-minion` (Architecture: all, no dependencies); the\n'
  printf '  Salt Project'"'"'s repository cannot be reached from here.\n\n'
  printf 'The edge profile (URI and KEY from the local repository):\n\n'
  printf '```yaml\n'
  write_profile "$master_a"
  sed -e "s|$repo_uri|URI|" -e "s|$repo_key|KEY|" -e '1d' "$profile"
  printf '```\n\n'
  printf 'Plain tools, cold (`bash -c SCRIPT plain TREE OUT MIRROR`):\n\n```sh\n%s\n```\n\n' "$plain_cold"
  printf 'Plain tools, the agent-only rebuild from nothing (`bash -c SCRIPT plain TREE OUT MIRROR URI KEY %s`):\n\n' "$master_b"
  printf '```sh\n%s\n```\n\n' "$plain_edge"
  bench_runs_table scenario 'cold base-arm64|cold.baseimg|baseimg' 'cold base-arm64|cold.plain|plain tools' \
    'first edge build (fills the cache)|edge1.baseimg|baseimg' \
    'agent-only rebuild|warm.baseimg|baseimg' 'agent-only rebuild|warm.plain|plain tools, from nothing'
  cold_ratio=$(bench_ratio "$(bench_median_of cold.baseimg)" "$(bench_median_of cold.plain)" 2)
  warm_ratio=$(bench_ratio "$(bench_median_of warm.baseimg)" "$(bench_median_of warm.plain)" 2)
  warm_speedup=$(bench_ratio "$(bench_median_of warm.plain)" "$(bench_median_of warm.baseimg)" 1)
  cold_met=$(awk -v r="$cold_ratio" 'BEGIN { print (r + 0 <= 1.10) ? "met" : "not met" }')
  bench_row comparison 'time baseimg/plain' 'plain/baseimg' target 'this run'
  bench_row --- ---: ---: --- ---
  bench_row 'cold base-arm64' "$cold_ratio" "$(bench_ratio "$(bench_median_of cold.plain)" "$(bench_median_of cold.baseimg)" 2)" \
    'baseimg within 10% of the plain tools (ratio at most 1.10)' "$cold_met"
  bench_row 'agent-only rebuild' "$warm_ratio" "$warm_speedup" 'baseimg several times faster' \
    "baseimg ${warm_speedup}x faster"
  printf '\n'
  printf 'The agent-only rebuild copied the cached tree after apt and ran neither debootstrap nor\n'
  printf 'apt: %s (from baseimg'"'"'s step list, every run).\n\n' "${warm_skipped:-no}"
  bench_steps_table 'cold base-arm64|cold.baseimg' 'first edge build|edge1.baseimg' 'agent-only rebuild|warm.baseimg'
  cat <<'EOF'
How to read it: wall time and peak RSS are GNU time's `%e` and `%M`. Peak RSS is that of the
largest single process the command ran, not a sum: for baseimg the JVM or one of the tools it
drives (debootstrap, dpkg and apt under QEMU), for the plain tools typically `zstd -19 -T0`.
Cold times are mostly downloads and the emulated second stage, so they move with the mirror and
the network as much as with the machine; neither tool had the .debs before (baseimg's cache is
new, debootstrap was given no cache), and the page cache was not dropped. Run 1 has baseimg
go first in both comparisons, run 2 the plain tools, and so on: a mirror or proxy that caches
what the first just fetched favours the second. The outputs are not the same bytes: baseimg
cleans more (logs, machine id, `/debootstrap`, resolver, salt's id and keys, in the chroot),
adds `/init` and `/dev/console`, writes grains and the minion-id setting next to the master,
and clamps mtimes to the suite's Release date; the plain tools do only what their script says. Every baseimg artifact passed
`baseimg inspect --summary`; every plain output was decompressed and listed with `cpio -it`
(more than 1000 entries); both edge artifacts name their master in `/etc/salt/minion.d`.
EOF
  bench_run_notes "$load_start" "$load_end" "${notes[@]}"
  printf '\nMachine:\n\n%s\n' "$machine_md"
  bench_bootstrap_tools_md
  printf -- '- baseimg: %s\n\n' "$baseimg_version"
} >"$section"

bench_write_section "$results" build "$section"
bench_log "wrote the build section of $results"
