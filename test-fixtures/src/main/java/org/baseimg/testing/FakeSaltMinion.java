package org.baseimg.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fake {@code salt-minion} package with the file layout of the Salt Project's onedir package,
 * standing in for it where its repository cannot be reached.
 *
 * <p>It is {@code Architecture: all} without dependencies, so it installs into a bare Debian
 * minbase of any architecture. Its postinst behaves like a daemon package's debhelper-generated
 * one, and worse, leaving what an image builder must clean up or prevent:
 *
 * <ul>
 *   <li>it enables the unit as {@code deb-systemd-helper} does ({@link #ENABLED_UNIT_LINK});
 *   <li>it writes the state a first start of the real minion writes: the build host's name as
 *       minion id and a key pair ({@link #BUILD_TIME_STATE});
 *   <li>it starts the service unless {@code /usr/sbin/policy-rc.d} exits 101 for {@code salt-minion
 *       start}; the init script's {@code start} leaves {@link #EVIDENCE_FILE}.
 * </ul>
 *
 * <p>Why the postinst does not call {@code invoke-rc.d}: in a chroot without an init system (a
 * minbase has no {@code /sbin/init} and no {@code /sbin/runlevel}) invoke-rc.d refuses on its own
 * ("No init system and policy-rc.d missing! Defaulting to block", and without a runlevel there is
 * no {@code S??} link to allow a start), so a builder that forgot policy-rc.d would go unnoticed.
 * The postinst therefore asks policy-rc.d itself, as invoke-rc.d does (101 forbids; any other
 * answer allows, as invoke-rc.d treats 0, 104 and the undefined 1), and otherwise runs the init
 * script directly. The init script only writes the evidence file: it spawns no process that would
 * outlive dpkg and keep a chroot busy.
 *
 * <p>The stub {@code /opt/saltstack/salt/salt-minion} prints its version; with {@code --version} it
 * then exits, otherwise it stays in the foreground (a shell sleeping in a loop) as the real daemon
 * does under systemd.
 *
 * <p>The package is reproducible: every mtime and the {@code ar} timestamps are {@link
 * #SOURCE_DATE_EPOCH}.
 */
public final class FakeSaltMinion {
  /** The package name. */
  public static final String PACKAGE = "salt-minion";

  /** The package version, in the Salt Project's style. */
  public static final String VERSION = "3007.1-0";

  /** The {@code .deb}'s file name, as Debian names it. */
  public static final String FILE_NAME = PACKAGE + "_" + VERSION + "_all.deb";

  /** Written, with a timestamp line, by the init script's {@code start}: the service started. */
  public static final String EVIDENCE_FILE = "/var/lib/salt-fixture/service-started";

  /** Written by the postinst: the host name of the machine that installed the package. */
  public static final String MINION_ID_FILE = "/etc/salt/minion_id";

  /** The minion's key pair, written by the postinst as a first start would. */
  public static final String PRIVATE_KEY_FILE = "/etc/salt/pki/minion/minion.pem";

  /** See {@link #PRIVATE_KEY_FILE}. */
  public static final String PUBLIC_KEY_FILE = "/etc/salt/pki/minion/minion.pub";

  /** Host-specific state the postinst writes at install time, which an image must not carry. */
  public static final List<String> BUILD_TIME_STATE =
      List.of(MINION_ID_FILE, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE);

  /** The unit the package ships. */
  public static final String UNIT_FILE = "/lib/systemd/system/salt-minion.service";

  /** The link by which the postinst enables {@link #UNIT_FILE}. */
  public static final String ENABLED_UNIT_LINK =
      "/etc/systemd/system/multi-user.target.wants/salt-minion.service";

  /** The mtime of every packed file, in seconds since the epoch (2026-01-01T00:00:00Z). */
  public static final long SOURCE_DATE_EPOCH = 1_767_225_600L;

  private static final String SERVICE =
      """
      [Unit]
      Description=The Salt Minion
      Documentation=man:salt-minion(1) https://docs.saltproject.io/en/latest/contents.html
      After=network.target salt-master.service

      [Service]
      KillMode=process
      # The real unit says Type=notify; the stub cannot notify systemd.
      Type=simple
      LimitNOFILE=8192
      ExecStart=/usr/bin/salt-minion

      [Install]
      WantedBy=multi-user.target
      """;

  /** The line the stub program prints first, whenever it runs (at boot, say). */
  public static final String BANNER = "salt-minion 3007.1 (fake, baseimg test fixture)";

  private static final String STUB =
      """
      #!/bin/sh
      # Fake salt-minion (baseimg test fixture): not the Salt Project's program.
      echo "%s"
      case "${1:-}" in
        --version|-V) exit 0 ;;
      esac
      # Run in the foreground as the real daemon does under systemd, doing nothing. The shell stays,
      # so the process list names salt-minion as it would name the real one.
      while :; do sleep 3600; done
      """
          .formatted(BANNER);

  private static final String CONFIG =
      """
      ##### Primary configuration settings #####
      ##########################################
      # This configuration file is used to manage the behavior of the Salt Minion.
      # With the exception of the location of the Salt Master Server, values that are
      # commented out but have an empty line after the comment are defaults that need
      # not be set in the config. If there is no blank line after the comment, the
      # value is presented as an example and is not the default.
      #
      # (fake salt-minion package: baseimg test fixture)

      # Per default the minion will automatically include all config files
      # from minion.d/*.conf (minion.d is a directory in the same directory
      # as the main minion config file).
      #default_include: minion.d/*.conf

      # Set the location of the salt master server. If the master server cannot be
      # resolved, then the minion will fail to start.
      #master: salt

      # Explicitly declare the id for this minion to use, if left commented the id
      # will be the hostname as returned by the python call: socket.getfqdn()
      #id:
      """;

  private static final String INIT_SCRIPT =
      """
      #!/bin/sh
      ### BEGIN INIT INFO
      # Provides:          salt-minion
      # Required-Start:    $remote_fs $network
      # Required-Stop:     $remote_fs $network
      # Default-Start:     2 3 4 5
      # Default-Stop:      0 1 6
      # Short-Description: The Salt Minion (fake)
      ### END INIT INFO
      # Fake salt-minion init script (baseimg test fixture). "start" only leaves evidence that
      # it ran; it starts no process, so nothing outlives dpkg inside a chroot.
      EVIDENCE=/var/lib/salt-fixture/service-started

      case "$1" in
        start)
          mkdir -p "${EVIDENCE%/*}"
          echo "started $(date -u +%Y-%m-%dT%H:%M:%SZ)" >> "$EVIDENCE"
          echo "Starting salt-minion (fake): wrote $EVIDENCE"
          ;;
        stop|restart|force-reload|status)
          ;;
        *)
          echo "Usage: $0 {start|stop|restart|force-reload|status}" >&2
          exit 3
          ;;
      esac
      exit 0
      """;

  private static final String POSTINST =
      """
      #!/bin/sh
      # Fake salt-minion postinst (baseimg test fixture). It does what debhelper's generated
      # postinst does for a daemon, plus what the real minion's first start leaves behind.
      set -e

      if [ "$1" = "configure" ]; then
        # Enable the unit as deb-systemd-helper does.
        mkdir -p /etc/systemd/system/multi-user.target.wants
        ln -sf /lib/systemd/system/salt-minion.service \\
          /etc/systemd/system/multi-user.target.wants/salt-minion.service

        # Host-specific state of a first start: an image builder must remove it.
        [ -e /etc/salt/minion_id ] || uname -n > /etc/salt/minion_id
        mkdir -p /etc/salt/pki/minion
        if [ ! -e /etc/salt/pki/minion/minion.pem ]; then
          printf '%s\\n' '-----BEGIN RSA PRIVATE KEY-----' 'fake salt-minion key' \\
            '-----END RSA PRIVATE KEY-----' > /etc/salt/pki/minion/minion.pem
          chmod 400 /etc/salt/pki/minion/minion.pem
          printf '%s\\n' '-----BEGIN PUBLIC KEY-----' 'fake salt-minion key' \\
            '-----END PUBLIC KEY-----' > /etc/salt/pki/minion/minion.pub
        fi

        # Start the service. Not through invoke-rc.d: in a chroot without an init system it
        # refuses by itself, which would hide a missing policy-rc.d. Ask policy-rc.d as
        # invoke-rc.d does: 101 forbids, any other answer allows.
        policy=0
        if [ -x /usr/sbin/policy-rc.d ]; then
          /usr/sbin/policy-rc.d salt-minion start || policy=$?
        fi
        if [ "$policy" = 101 ]; then
          echo "postinst: policy-rc.d forbids starting salt-minion"
        else
          /etc/init.d/salt-minion start
        fi
      fi

      exit 0
      """;

  private FakeSaltMinion() {}

  /**
   * Builds the package with {@code dpkg-deb --build --root-owner-group}.
   *
   * @param directory where to write it; created if missing
   * @return {@code directory/}{@value #FILE_NAME}
   * @throws IllegalStateException if dpkg-deb is not installed
   */
  public static Path build(Path directory) throws IOException, InterruptedException {
    requireDpkgDeb();
    Files.createDirectories(directory);
    Path deb = directory.resolve(FILE_NAME);
    Path staging = Files.createTempDirectory("fake-salt-minion-");
    try {
      Path root = staging.resolve("root");
      writeLayout(root);
      writeControl(root);
      setMtimes(root);
      // SOURCE_DATE_EPOCH sets the ar members' timestamps; the files' mtimes are set above.
      NativeTools.run(
          List.of(
              "env",
              "SOURCE_DATE_EPOCH=" + SOURCE_DATE_EPOCH,
              "dpkg-deb",
              "--build",
              "--root-owner-group",
              root.toString(),
              deb.toString()));
      return deb;
    } finally {
      Directories.deleteTree(staging);
    }
  }

  private static void writeLayout(Path root) throws IOException {
    directory(root, "opt/saltstack/salt", "rwxr-xr-x");
    file(root, "opt/saltstack/salt/salt-minion", STUB, "rwxr-xr-x");
    directory(root, "usr/bin", "rwxr-xr-x");
    Files.createSymbolicLink(
        root.resolve("usr/bin/salt-minion"), Path.of("/opt/saltstack/salt/salt-minion"));
    directory(root, "lib/systemd/system", "rwxr-xr-x");
    file(root, "lib/systemd/system/salt-minion.service", SERVICE, "rw-r--r--");
    directory(root, "etc/salt/minion.d", "rwxr-xr-x");
    // The real package keeps the minion's keys private.
    directory(root, "etc/salt/pki", "rwxr-xr-x");
    directory(root, "etc/salt/pki/minion", "rwx------");
    file(root, "etc/salt/minion", CONFIG, "rw-r--r--");
    directory(root, "etc/init.d", "rwxr-xr-x");
    file(root, "etc/init.d/salt-minion", INIT_SCRIPT, "rwxr-xr-x");
  }

  private static void writeControl(Path root) throws IOException {
    long installedKib = (installedBytes(root) + 1023) / 1024;
    String control =
        """
        Package: salt-minion
        Version: %s
        Architecture: all
        Maintainer: baseimg tests <tests@baseimg.invalid>
        Installed-Size: %d
        Section: admin
        Priority: optional
        Homepage: https://saltproject.io/
        Description: fake Salt minion (baseimg test fixture)
         Not the Salt Project's package: it has the real package's file layout, a
         stub daemon, and a postinst that leaves build-time state and evidence of a
         service start behind, for testing image builders.
        """
            .formatted(VERSION, installedKib);
    directory(root, "DEBIAN", "rwxr-xr-x");
    file(root, "DEBIAN/control", control, "rw-r--r--");
    file(root, "DEBIAN/conffiles", "/etc/init.d/salt-minion\n/etc/salt/minion\n", "rw-r--r--");
    file(root, "DEBIAN/postinst", POSTINST, "rwxr-xr-x");
  }

  private static long installedBytes(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      long total = 0;
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        total += Files.size(path);
      }
      return total;
    }
  }

  private static void directory(Path root, String name, String permissions) throws IOException {
    Path directory = root.resolve(name);
    Files.createDirectories(directory);
    // Parents too: createDirectories honours the umask, and the package must not.
    for (Path path = directory; !path.equals(root); path = path.getParent()) {
      boolean isTarget = path.equals(directory);
      Files.setPosixFilePermissions(
          path, PosixFilePermissions.fromString(isTarget ? permissions : "rwxr-xr-x"));
    }
  }

  private static void file(Path root, String name, String content, String permissions)
      throws IOException {
    Path file = root.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
  }

  private static void setMtimes(Path root) throws IOException, InterruptedException {
    FileTime time = FileTime.fromMillis(SOURCE_DATE_EPOCH * 1000);
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.forEach(paths::add);
    }
    for (Path path : paths) {
      if (Files.isSymbolicLink(path)) {
        // Java cannot set a symlink's own mtime; touch -h can.
        NativeTools.run(List.of("touch", "-h", "-d", "@" + SOURCE_DATE_EPOCH, path.toString()));
      } else {
        Files.setLastModifiedTime(path, time);
      }
    }
  }

  private static void requireDpkgDeb() {
    try {
      NativeTools.requireInstalled("dpkg-deb");
    } catch (IllegalStateException e) {
      throw new IllegalStateException("dpkg-deb is not installed: apt-get install dpkg", e);
    }
  }
}
