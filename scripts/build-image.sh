#!/usr/bin/env bash
# Build the Citrine container image as an archive, with no Docker engine and no access to mcr.microsoft.com:
#
#   1. the base image: Debian 12 (mmdebstrap, from the Debian mirror) with what a self-contained .NET app needs, the
#      user app (uid 1654) and /data owned by it and declared a VOLUME (umoci), built once and cached in
#      .tools/container-base/<recipe hash>/ (--refresh-base rebuilds it, e.g. for Debian security updates)
#   2. a throwaway registry on 127.0.0.1 (docker-registry, the CNCF distribution registry) that skopeo copies it into
#   3. dotnet publish -t:PublishContainer: the SDK puts the self-contained app on that base and writes the archive
#      (ContainerArchiveOutputPath) in the Docker archive format (ContainerImageFormat=Docker: what `docker save`
#      writes, which every Docker and Podman version loads; older Docker engines do not read the OCI layout)
#
# Why the base is built here: docs/adr/0006-container-base-image.md. The image's settings (entrypoint, port, user,
# labels) are in src/Citrine.Cli/Citrine.Cli.csproj.
#
#   scripts/build-image.sh [--output PATH] [--refresh-base]     (default output: artifacts/citrine-image.tar)
#
# Needs mmdebstrap, umoci, skopeo and docker-registry (Debian packages), installed with apt-get when run as root
# (or with sudo); building the base needs root (mmdebstrap --mode=root), a cached base does not.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

OUTPUT="$REPO_ROOT/artifacts/citrine-image.tar"
REFRESH_BASE=0
while [[ $# -gt 0 ]]; do
    case "$1" in
    --output)
        OUTPUT="$2"
        shift 2
        ;;
    --refresh-base)
        REFRESH_BASE=1
        shift
        ;;
    -h | --help)
        sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "unknown argument: $1 (see --help)" >&2
        exit 2
        ;;
    esac
done
mkdir -p "$(dirname "$OUTPUT")"
OUTPUT="$(cd "$(dirname "$OUTPUT")" && pwd)/$(basename "$OUTPUT")"

fail() {
    echo "build-image: ERROR: $*" >&2
    exit 1
}
step() { printf '\n---- %s ----\n' "$*"; }
started=$SECONDS

# ---- the recipe of the base image (its hash names the cache) ------------------------
SUITE="bookworm"
MIRROR="${CITRINE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${CITRINE_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
DEB_ARCH="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
case "$DEB_ARCH" in
amd64) DOTNET_RID="linux-x64" ;;
arm64) DOTNET_RID="linux-arm64" ;;
*) fail "unsupported architecture $DEB_ARCH (amd64 or arm64)" ;;
esac
# What a self-contained .NET app needs on Linux (the dependencies .NET documents for Debian):
# libc6, libgcc-s1 and libstdc++6 for the runtime, libssl3 for TLS (webhooks to https endpoints, PostgreSQL with SSL),
# zlib1g, ca-certificates and tzdata. No libicu: Directory.Build.props sets InvariantGlobalization.
PACKAGES="ca-certificates,libc6,libgcc-s1,libssl3,libstdc++6,tzdata,zlib1g"
# The essential variant has bash and coreutils, which the health command in README.md uses; docs, man pages and
# translations are left out.
# mmdebstrap runs the hook with the root directory as $1, hence the single quotes.
# shellcheck disable=SC2016
CUSTOMIZE='set -e
echo "app:x:1654:1654:app:/home/app:/usr/sbin/nologin" >> "$1/etc/passwd"
echo "app:x:1654:" >> "$1/etc/group"
mkdir -p "$1/home/app" "$1/data"
chown 1654:1654 "$1/home/app" "$1/data"
chmod 0755 "$1/home/app" "$1/data"'
CONFIG_ARGS=(
    --config.user 1654:1654
    --config.volume /data
    --config.workingdir /app
    --config.env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    --config.env APP_UID=1654
    --config.env DOTNET_RUNNING_IN_CONTAINER=true
    --config.stopsignal SIGTERM
)
RECIPE="1|$SUITE|$DEB_ARCH|$PACKAGES|$CUSTOMIZE|${CONFIG_ARGS[*]}"
RECIPE_HASH="$(printf '%s' "$RECIPE" | sha256sum | cut -c1-16)"
BASE_CACHE="$REPO_ROOT/.tools/container-base"
BASE_DIR="$BASE_CACHE/$RECIPE_HASH"
BASE_LAYOUT="$BASE_DIR/oci"

# ---- tools ----------------------------------------------------------------------------
step "tools"
SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; else SUDO="none"; fi
fi
need_base=0
if [[ "$REFRESH_BASE" -eq 1 || ! -f "$BASE_DIR/done" ]]; then need_base=1; fi
missing=()
for pair in skopeo:skopeo docker-registry:docker-registry; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
done
if [[ "$need_base" -eq 1 ]]; then
    for pair in mmdebstrap:mmdebstrap umoci:umoci; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
    done
fi
if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ "$SUDO" == "none" ]]; then
        fail "missing ${missing[*]}; install them as root: apt-get install --no-install-recommends ${missing[*]}"
    fi
    echo "installing ${missing[*]} with apt-get"
    # shellcheck disable=SC2086 # $SUDO is empty or one word
    { $SUDO apt-get -o DPkg::Lock::Timeout=300 update &&
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y \
            --no-install-recommends "${missing[@]}"; } >/tmp/citrine-build-image-apt.log 2>&1 ||
        { tail -n 30 /tmp/citrine-build-image-apt.log >&2; fail "apt-get install ${missing[*]} failed"; }
fi
echo "skopeo $(skopeo --version | awk '{print $3}'), $(docker-registry --version 2>/dev/null | awk '{print $1, $3}')"

WORK="$(mktemp -d /tmp/citrine-image.XXXXXX)"
REGISTRY_PID=""
cleanup() {
    if [[ -n "$REGISTRY_PID" ]]; then
        kill "$REGISTRY_PID" 2>/dev/null || true
        wait "$REGISTRY_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# ---- 1. base image ----------------------------------------------------------------------
step "base image ($SUITE, $DEB_ARCH, recipe $RECIPE_HASH)"
if [[ "$need_base" -eq 1 ]]; then
    [[ "$(id -u)" -eq 0 ]] || fail "building the base image needs root (mmdebstrap --mode=root); run this once as root"
    t0=$SECONDS
    rm -rf "$BASE_DIR"
    mkdir -p "$BASE_DIR"
    mmdebstrap --mode=root --variant=essential --include="$PACKAGES" \
        --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
        --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
        --customize-hook="$CUSTOMIZE" \
        "$SUITE" "$WORK/rootfs.tar" \
        "deb $MIRROR $SUITE main" "deb $MIRROR $SUITE-updates main" "deb $SECURITY_MIRROR $SUITE-security main" \
        >"$WORK/mmdebstrap.log" 2>&1 || { tail -n 40 "$WORK/mmdebstrap.log" >&2; fail "mmdebstrap failed"; }
    umoci init --layout "$BASE_LAYOUT"
    umoci new --image "$BASE_LAYOUT:base"
    umoci raw add-layer --image "$BASE_LAYOUT:base" \
        --history.created_by "mmdebstrap --variant=essential $SUITE +$PACKAGES (scripts/build-image.sh)" \
        "$WORK/rootfs.tar"
    umoci config --image "$BASE_LAYOUT:base" --os linux --architecture "$DEB_ARCH" "${CONFIG_ARGS[@]}" \
        --history.created_by "user app (1654), VOLUME /data (scripts/build-image.sh)"
    # Older bases are of no further use; the cache holds one.
    find "$BASE_CACHE" -mindepth 1 -maxdepth 1 -type d ! -name "$RECIPE_HASH" -exec rm -rf {} +
    date -u +%Y-%m-%dT%H:%M:%SZ >"$BASE_DIR/done"
    echo "built in $((SECONDS - t0)) s"
else
    echo "cached since $(cat "$BASE_DIR/done") in ${BASE_DIR#"$REPO_ROOT"/} (--refresh-base rebuilds it)"
fi

# ---- 2. a registry on 127.0.0.1 for the SDK to pull it from ------------------------------
step "local registry"
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
registry_up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=""
for attempt in 1 2 3 4 5; do
    candidate=$((20000 + RANDOM % 20000))
    port_free "$candidate" || continue
    cat >"$WORK/registry.yml" <<EOF
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $WORK/registry
http:
  addr: 127.0.0.1:$candidate
EOF
    docker-registry serve "$WORK/registry.yml" >"$WORK/registry.log" 2>&1 &
    REGISTRY_PID=$!
    for _ in $(seq 1 50); do
        registry_up "$candidate" && break
        kill -0 "$REGISTRY_PID" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$REGISTRY_PID" 2>/dev/null && registry_up "$candidate"; then
        PORT="$candidate"
        break
    fi
    wait "$REGISTRY_PID" 2>/dev/null || true
    REGISTRY_PID=""
    echo "attempt $attempt: the registry did not start on port $candidate" >&2
done
[[ -n "$PORT" ]] || { cat "$WORK/registry.log" >&2; fail "could not start docker-registry on 127.0.0.1"; }
BASE_IMAGE="127.0.0.1:$PORT/citrine-base:$SUITE"
skopeo copy --quiet --dest-tls-verify=false "oci:$BASE_LAYOUT:base" "docker://$BASE_IMAGE"
echo "$BASE_IMAGE"

# ---- 3. the SDK builds the image ---------------------------------------------------------
step "dotnet publish -t:PublishContainer"
t0=$SECONDS
rm -f "$OUTPUT"
# The SDK speaks plain HTTP only to registries listed here.
DOTNET_CONTAINER_INSECURE_REGISTRIES="127.0.0.1:$PORT" \
    dotnet publish src/Citrine.Cli/Citrine.Cli.csproj -c Release -r "$DOTNET_RID" --self-contained \
    -p:PublishReadyToRun=true -t:PublishContainer -p:ContainerBaseImage="$BASE_IMAGE" -p:ContainerArchiveOutputPath="$OUTPUT" -p:ContainerImageFormat=Docker \
    -nodeReuse:false -clp:ErrorsOnly -nologo ||
    fail "dotnet publish -t:PublishContainer failed"
[[ -s "$OUTPUT" ]] || fail "the SDK wrote no archive at $OUTPUT"
echo "published in $((SECONDS - t0)) s"
# The publish restored src/ for $DOTNET_RID; restore it as `dotnet build` does, or a later
# `dotnet format --no-restore` loads the projects without their references.
dotnet restore Citrine.slnx -nodeReuse:false --verbosity quiet || fail "dotnet restore Citrine.slnx failed"

echo
echo "image archive: $OUTPUT ($(du -h "$OUTPUT" | cut -f1), $((SECONDS - started)) s in all)"
echo "load it with: docker load -i $OUTPUT"
