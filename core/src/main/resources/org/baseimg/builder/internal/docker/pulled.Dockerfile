FROM @BASE@
ARG MIRROR
RUN rm -f /etc/apt/sources.list.d/debian.sources \
 && printf 'deb %s @SUITE@ main\n' "$MIRROR" > /etc/apt/sources.list \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap \
 && rm -rf /var/lib/apt/lists/*
