#!/bin/bash
# Docker benchmark: `baseimg build base-arm64 --environment docker` beside the same build on the
# host and beside the plain Docker tools doing that work, in one run:
#
#  1. baseimg, host: `--environment host`, empty cache (as bench/build.sh's cold build).
#  2. baseimg, docker, cold: `--environment docker`, empty cache, no builder image on the engine,
#     no registry: the builder image is made from a tree bootstrapped on the host first.
#  3. baseimg, docker: `--environment docker`, empty cache, the builder image present.
#  4. plain docker: `docker run` of the same builder image with SYS_ADMIN running debootstrap
#     into /rootfs, the same cleaning, `docker cp CONTAINER:/rootfs/. -` extracted as root, and
#     `find . | LC_ALL=C sort | cpio -o -H newc | zstd -19 -T0`.
#
# Every tool fetches from the same mirror: the host's apt sources (first bookworm entry), else
# debootstrap's default; it is never written into RESULTS.md. Every artifact is checked before it
# gets a figure (`baseimg inspect --summary`; `zstd -dc | cpio -it` with more than 1000 entries
# for the plain tools), the builder and kept-tree images baseimg makes are removed before cells 1
# and 2, and the host and docker artifacts are compared (sha256). Results go to the "## docker"
# section of bench/RESULTS.md.
#
#   sudo bench/docker.sh                 # one run, 25-35 minutes on 2 cores
#   sudo BENCH_RUNS=2 bench/docker.sh
# Environment:
#   BENCH_RUNS     runs (default 1)
#   BENCH_RESULTS  the markdown file to write (default bench/RESULTS.md)
#   BENCH_WORKDIR  where caches, trees and outputs go while measuring (default a new directory in
#                  /var/tmp; a few GB)
#   BENCH_JAR      a built baseimg.jar to time (default: build one with mvn package -pl cli -am)
#   DOCKER_HOST    the engine, as for baseimg and docker (default /var/run/docker.sock)
# shellcheck disable=SC2016 # backquotes inside single quotes are markdown code, not commands
# shellcheck source-path=SCRIPTDIR
set -eu -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
# shellcheck source=lib.sh
. "$here/lib.sh"

bench_require_root
bench_require_tools /usr/bin/time java mvn docker debootstrap cpio zstd tar find sort awk sed lscpu du sha256sum
bench_check_binfmt
docker info >/dev/null 2>&1 || bench_die "no Docker engine answers: start dockerd (./run-tests does) or set DOCKER_HOST"

runs=$(bench_runs)
results=${BENCH_RESULTS:-$here/RESULTS.md}
work=$(bench_workdir docker)
builder=baseimg/builder:bookworm-arm64
plain_container=baseimg-bench-plain-$$

cleanup() {
  docker rm -f "$plain_container" >/dev/null 2>&1 || true
  bench_remove_tree "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export BENCH_CMD_LOG="$work/commands.log"

bench_prepare_baseimg "$repo" "$work"

mirror=$(bench_host_debian_mirror bookworm)
if [ -n "$mirror" ]; then
  mirror_md="the host's apt sources (their first bookworm entry, as baseimg picks it), given to debootstrap as its MIRROR argument"
else
  mirror_md="debootstrap's default (the host's apt sources name no bookworm mirror; baseimg falls back to the same)"
  mirror=$(sed -n 's/^DEF_MIRROR="\(.*\)"$/\1/p' /usr/sbin/debootstrap | head -n 1)
fi

# The plain Docker tools. $1 the container's name, $2 the output, $3 the mirror, $4 the image.
plain_docker=$(
  cat <<'EOF'
set -eu -o pipefail
docker run --name "$1" --network host --cap-add SYS_ADMIN "$4" sh -c '
  debootstrap --variant=minbase bookworm /rootfs "$0"
  rm -rf /rootfs/var/lib/apt/lists/* /rootfs/var/cache/apt/*.bin /rootfs/var/cache/apt/archives/*.deb' "$3"
mkdir "$2.tree"
docker cp "$1":/rootfs/. - | tar -C "$2.tree" --numeric-owner -xpf -
docker rm "$1"
cd "$2.tree" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | zstd -19 -T0 -q > "$2"
EOF
)

declare -A walls rss size entries steps sha
notes=()

# Removes baseimg's images by tag, kept trees first and newest first: a tree kept after apt is a
# child of the base it started from, and all of them of the builder.
remove_kept_trees() {
  docker images --format '{{.Repository}}:{{.Tag}}' baseimg/tree | while read -r image; do
    docker rmi "$image" >/dev/null
  done
}
remove_baseimg_images() {
  remove_kept_trees
  if [ -n "$(docker images -q "$builder")" ]; then docker rmi "$builder" >/dev/null; fi
}

record() { # $1 cell, $2 output file, $3 entries
  local k=$1 s
  s=$(bench_size "$2")
  walls[$k]="${walls[$k]:-} $BENCH_WALL"
  if [ -z "${rss[$k]:-}" ] || [ "$BENCH_RSS_KB" -gt "${rss[$k]}" ]; then rss[$k]=$BENCH_RSS_KB; fi
  size[$k]=$s
  entries[$k]=$3
  sha[$k]=$(sha256sum "$2" | cut -d ' ' -f 1)
  bench_log "  $k: $BENCH_WALL s, peak RSS $(bench_kib_to_mib "$BENCH_RSS_KB") MiB, $s bytes, $3 entries"
}

# baseimg_build CELL ENVIRONMENT RUN : one timed build of base-arm64 from an empty cache, checked.
baseimg_build() {
  local k=$1 environment=$2 r=$3 out cache log artifact summary n
  out="$work/run$r/out-$k"
  cache="$work/run$r/cache-$k"
  log="$work/$k.run$r.log"
  mkdir -p -- "$cache"
  sync
  BENCH_CMD_LOG=$log bench_measure "${baseimg[@]}" build base-arm64 -o "$out" --cache "$cache" \
    --environment "$environment" --console plain
  artifact="$out/base-arm64.cpio.zst"
  [ -f "$artifact" ] || bench_die "$k (run $r): no $artifact"
  summary=$("${baseimg[@]}" inspect "$artifact" --summary 2>&1) || {
    printf '%s\n' "$summary" >&2
    bench_die "baseimg inspect rejects the artifact of $k (run $r); no figure for a broken artifact"
  }
  n=$(printf '%s\n' "$summary" | sed -n '1s/.*[^0-9]\([0-9][0-9]*\) entries.*/\1/p')
  steps[$k]=$(bench_steps_of "$log")
  record "$k" "$artifact" "${n:-?}"
  bench_remove_tree "$cache"
}

plain_build() { # $1 run
  local k=plain r=$1 out n
  out="$work/run$r/plain.cpio.zst"
  docker rm -f "$plain_container" >/dev/null 2>&1 || true
  sync
  BENCH_CMD_LOG="$work/$k.run$r.log" bench_measure bash -c "$plain_docker" plain \
    "$plain_container" "$out" "$mirror" "$builder"
  bench_remove_tree "$out.tree"
  n=$(zstd -dc -q -- "$out" | cpio -it --quiet | wc -l) ||
    bench_die "$k (run $r): the output does not decompress and list; no figure for it"
  [ "$n" -gt 1000 ] || bench_die "$k (run $r): the output lists only $n entries"
  record "$k" "$out" "$n"
}

machine_md=$(bench_machine_md)
load_start=$(cut -d ' ' -f 1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)

for ((r = 1; r <= runs; r++)); do
  mkdir -p -- "$work/run$r"
  remove_baseimg_images
  bench_log "run $r/$runs: baseimg on the host (empty cache; about 4 minutes)"
  baseimg_build host host "$r"
  bench_log "run $r/$runs: baseimg in docker, no builder image (about 12 minutes)"
  remove_baseimg_images
  baseimg_build docker-cold docker "$r"
  bench_log "run $r/$runs: baseimg in docker, builder image present (about 8 minutes)"
  remove_kept_trees
  baseimg_build docker docker "$r"
  bench_log "run $r/$runs: plain docker run debootstrap, docker cp, cpio (about 8 minutes)"
  plain_build "$r"
  if [ "${sha[host]}" != "${sha[docker]}" ]; then
    notes+=("run $r: the host and docker artifacts differ (sha256 ${sha[host]} and ${sha[docker]}).")
  fi
  bench_remove_tree "$work/run$r"
done

load_end=$(cut -d ' ' -f 1-3 /proc/loadavg)

section="$work/section.md"
{
  printf '## docker\n\n'
  printf 'Building base-arm64 in a container with `baseimg build --environment docker`, on the host,\n'
  printf 'and with the plain Docker tools, in one run of `bench/docker.sh` started %s: %s run(s),\n' "$started" "$runs"
  printf 'each cell from an empty cache. Command line: %s, repository at %s.\n\n' "$baseimg_version" "$git_rev"
  printf -- '- baseimg: `java -jar baseimg.jar build base-arm64 -o OUT --cache CACHE --environment ENV --console plain`\n'
  printf '  (built with `mvn package`, copied before timing; JVM start-up is part of the time), CACHE a new\n'
  printf '  empty directory each time. **docker, cold**: no `%s` and no kept tree on the\n' "$builder"
  printf '  engine, and no registry: the builder image is made from a tree bootstrapped on the host.\n'
  printf '  **docker**: the builder image present, no kept tree.\n'
  printf -- '- plain docker: the script below, timed as one `bash -c` with pipefail, with the same builder\n'
  printf '  image and MIRROR as baseimg.\n'
  printf -- '- mirror: %s.\n\n' "$mirror_md"
  printf 'Plain docker (`bash -c SCRIPT plain CONTAINER OUT MIRROR %s`):\n\n```sh\n%s\n```\n\n' "$builder" "$plain_docker"
  bench_runs_table build 'host|host|baseimg --environment host' 'docker, cold (builder made locally)|docker-cold|baseimg --environment docker' \
    'docker|docker|baseimg --environment docker' 'docker|plain|plain docker run + docker cp + cpio'
  bench_row comparison ratio 'this run'
  bench_row --- ---: ---
  bench_row 'baseimg docker / plain docker' "$(bench_ratio "$(bench_median_of docker)" "$(bench_median_of plain)" 2)" \
    'above 1: baseimg slower'
  bench_row 'baseimg docker / baseimg host' "$(bench_ratio "$(bench_median_of docker)" "$(bench_median_of host)" 2)" \
    'the cost of emulating debootstrap itself'
  bench_row 'baseimg docker cold / baseimg docker' "$(bench_ratio "$(bench_median_of docker-cold)" "$(bench_median_of docker)" 2)" \
    'the cost of making the builder image'
  printf '\n'
  if [ "${sha[host]}" = "${sha[docker]}" ]; then
    printf 'The host and docker artifacts are the same bytes (sha256 `%s`).\n\n' "${sha[host]}"
  else
    printf 'The host and docker artifacts differ; see the notes below.\n\n'
  fi
  bench_steps_table 'host|host' 'docker, cold|docker-cold' 'docker|docker'
  cat <<'EOF'
How to read it: wall time and peak RSS are GNU time's `%e` and `%M`, peak RSS of the largest
single process (for the docker cells the JVM or a tool on the host: the container's processes
belong to the engine, not to the timed command). In a container debootstrap itself runs emulated
(its perl and shell under QEMU), on the host only its second stage does, so the docker cells are
slower by that much. The plain docker script extracts the tree onto the host's disk as root and
packs it with GNU cpio; baseimg streams the tar into its packer, cleans more (logs, machine id,
`/debootstrap`, resolver), adds `/init` and `/dev/console`, and clamps mtimes to the suite's
Release date, so the artifacts are not the same bytes. Every baseimg artifact passed `baseimg
inspect --summary`; every plain output was decompressed and listed with `cpio -it` (more than
1000 entries).
EOF
  bench_run_notes "$load_start" "$load_end" "${notes[@]}"
  printf '\nMachine:\n\n%s\n' "$machine_md"
  printf -- '- Docker engine: %s\n' "$(docker version --format '{{.Server.Version}} ({{.Server.Os}}/{{.Server.Arch}})' 2>/dev/null || echo unknown)"
  bench_bootstrap_tools_md
  printf -- '- baseimg: %s\n\n' "$baseimg_version"
} >"$section"

bench_write_section "$results" docker "$section"
bench_log "wrote the docker section of $results"
