#!/bin/bash
# Shared build cache benchmark: `baseimg build base-arm64` on two "machines" (two empty cache
# directories) sharing kept trees through a registry, in one run:
#
#  1. cold, publishing: an empty cache, `--cache-to REG/baseimg/cache` (bootstraps, packs, and
#     publishes the bootstrapped tree as an OCI artifact);
#  2. cold, fetching: another empty cache, `--cache-from REG/baseimg/cache` (fetches the tree
#     instead of bootstrapping);
#  3. warm, local: the first cache again, for comparison (copies the kept tree).
#
# The registry is Debian's docker-registry, started here on 127.0.0.1 with storage in the work
# directory, so the figures leave out a real network's bandwidth. Every artifact is checked
# (`baseimg inspect --summary`), the three must be the same bytes, and the fetching build's step
# list must have no debootstrap. Wall times (median and each run), peak RSS and baseimg's step
# times go to the "## remote-cache" section of bench/RESULTS.md.
#
#   sudo bench/remote-cache.sh                 # one run, about 8-10 minutes on 2 cores
#   sudo BENCH_RUNS=3 bench/remote-cache.sh
# Environment:
#   BENCH_RUNS     runs (default 1)
#   BENCH_RESULTS  the markdown file to write (default bench/RESULTS.md)
#   BENCH_WORKDIR  where caches, the registry's storage and outputs go (default a new directory
#                  in /var/tmp; a few GB)
# shellcheck disable=SC2016 # backquotes inside single quotes are markdown code, not commands
# shellcheck source-path=SCRIPTDIR
set -eu -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
# shellcheck source=lib.sh
. "$here/lib.sh"

bench_require_root
bench_require_tools /usr/bin/time java mvn debootstrap docker-registry python3 cmp sha256sum awk sed \
  lscpu dpkg-query
bench_check_binfmt

runs=$(bench_runs)
results=${BENCH_RESULTS:-$here/RESULTS.md}
work=$(bench_workdir remote-cache)
registry_pid=""

cleanup() {
  if [ -n "$registry_pid" ]; then
    kill "$registry_pid" 2>/dev/null || true
    wait "$registry_pid" 2>/dev/null || true
  fi
  bench_remove_tree "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export BENCH_CMD_LOG="$work/commands.log"

bench_prepare_baseimg "$repo" "$work"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/registry/storage"
cat >"$work/registry/config.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/registry/storage
http:
  addr: 127.0.0.1:$port
EOF
docker-registry serve "$work/registry/config.yml" >"$work/registry/log" 2>&1 &
registry_pid=$!
for ((i = 0; i < 100; i++)); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  kill -0 "$registry_pid" 2>/dev/null || {
    cat "$work/registry/log" >&2
    bench_die "docker-registry did not start"
  }
  sleep 0.1
done
bench_log "docker-registry on 127.0.0.1:$port"

declare -A walls rss size entries steps
notes=()
publish_time="" fetch_time=""
started=$(date -u '+%Y-%m-%d %H:%M UTC')
load_start=$(cut -d ' ' -f 1-3 /proc/loadavg)

# baseimg_build KEY CACHE OUT RUN ARG... : one timed build of base-arm64, checked.
baseimg_build() {
  local k=$1 cache=$2 out=$3 r=$4 log artifact summary
  shift 4
  log="$work/$k.run$r.log"
  BENCH_CMD_LOG=$log bench_measure "${baseimg[@]}" build base-arm64 -o "$out" --cache "$cache" \
    --environment host --console plain "$@"
  artifact="$out/base-arm64.cpio.zst"
  summary=$("${baseimg[@]}" inspect "$artifact" --summary 2>&1) || {
    printf '%s\n' "$summary" >&2
    bench_die "baseimg inspect rejects the artifact of $k (run $r)"
  }
  walls[$k]="${walls[$k]:-} $BENCH_WALL"
  rss[$k]=$(bench_max "${rss[$k]:-0}" "$BENCH_RSS_KB")
  size[$k]=$(bench_size "$artifact")
  entries[$k]=$(printf '%s\n' "$summary" | sed -n '1s/.*[^0-9]\([0-9][0-9]*\) entries.*/\1/p')
  steps[$k]=$(bench_steps_of "$log")
  sha256sum "$artifact" | cut -d ' ' -f 1 >"$work/$k.run$r.sha256"
}

for ((r = 1; r <= runs; r++)); do
  cache_a="$work/run$r/machine-a/cache" cache_b="$work/run$r/machine-b/cache"
  reference="127.0.0.1:$port/baseimg/cache-run$r"
  bench_log "run $r/$runs: cold, publishing to the registry (about 5 minutes)"
  baseimg_build cold.publish "$cache_a" "$work/run$r/out-a" "$r" --cache-to "$reference"
  bench_log "run $r/$runs: cold, fetching from the registry"
  baseimg_build cold.fetch "$cache_b" "$work/run$r/out-b" "$r" --cache-from "$reference"
  bench_log "run $r/$runs: warm, the first machine's cache again"
  baseimg_build warm.local "$cache_a" "$work/run$r/out-a2" "$r"
  if grep -Eq '^baseimg: step [0-9]+/[0-9]+: debootstrap ' "$work/cold.fetch.run$r.log"; then
    bench_die "the build with --cache-from ran debootstrap (run $r): see $work/cold.fetch.run$r.log"
  fi
  grep -q '^baseimg: fetch cached base ' "$work/cold.fetch.run$r.log" ||
    bench_die "the build with --cache-from fetched no tree (run $r)"
  # The transfers, outside the step list: "3.7 s: 77.4 MiB" (the registry's address left out).
  publish_time=$(sed -n 's/^baseimg: publish cached base [0-9a-f]* done in \(.*\) to .*$/\1/p' "$work/cold.publish.run$r.log")
  fetch_time=$(sed -n 's/^baseimg: fetch cached base [0-9a-f]* done in \(.*\) from .*$/\1/p' "$work/cold.fetch.run$r.log")
  for k in cold.fetch warm.local; do
    cmp -s "$work/cold.publish.run$r.sha256" "$work/$k.run$r.sha256" ||
      bench_die "$k built other bytes than the publishing build (run $r)"
  done
done
load_end=$(cut -d ' ' -f 1-3 /proc/loadavg)

section=$(mktemp)
{
  printf '## remote-cache\n\n'
  printf 'base-arm64 (zstd -19) on two empty cache directories sharing kept trees through\n'
  printf "Debian's docker-registry on 127.0.0.1, in one run of \`bench/remote-cache.sh\` started %s:\n" "$started"
  printf '%s run(s). %s (%s). The registry is local: a real network adds the\n' "$runs" "$baseimg_version" "$git_rev"
  printf 'transfer of the compressed tree (its size is below the tables).\n\n'
  bench_machine_md
  bench_bootstrap_tools_md
  printf '\n'
  bench_runs_table scenario 'cold, --cache-to (bootstraps, publishes)|cold.publish|baseimg' \
    'cold, --cache-from (fetches)|cold.fetch|baseimg' 'warm, local cache|warm.local|baseimg'
  bench_row comparison ratio
  bench_row --- ---:
  bench_row 'cold --cache-from / cold --cache-to' \
    "$(bench_ratio "$(bench_median_of cold.fetch)" "$(bench_median_of cold.publish)" 2)"
  bench_row 'cold --cache-from / warm local' \
    "$(bench_ratio "$(bench_median_of cold.fetch)" "$(bench_median_of warm.local)" 2)"
  printf '\nAll three artifacts are the same bytes in every run; the fetching build ran no debootstrap.\n'
  printf 'Last run: publishing the bootstrapped tree (pax tar, zstd -3) took %s; fetching it, %s.\n\n' \
    "${publish_time:-?}" "${fetch_time:-?}"
  bench_steps_table 'cold --cache-to|cold.publish' 'cold --cache-from|cold.fetch' 'warm local|warm.local'
  bench_run_notes "$load_start" "$load_end" "${notes[@]}"
} >"$section"
bench_write_section "$results" remote-cache "$section"
rm -f -- "$section"
bench_log "wrote the remote-cache section of $results"
