package org.baseimg.debian;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.debian.internal.Downloader;
import org.baseimg.debian.internal.Gpgv;
import org.baseimg.debian.internal.PackagesIndex;
import org.baseimg.debian.internal.ReleaseFile;
import org.baseimg.event.EventListener;
import org.baseimg.internal.Hashing;
import org.tukaani.xz.XZInputStream;

/**
 * Debian's archive on a mirror, read the way apt reads it but without apt: the suite's {@code
 * InRelease} is checked with {@code gpgv} against the archive keyring, the {@code Packages} index
 * against the SHA-256 that {@code InRelease} gives, and each package against the index. Files are
 * kept in a cache directory, below {@code <suite>/<arch>/}, so that nothing is fetched twice; only
 * {@code InRelease} is fetched every time, to learn what is current.
 *
 * <pre>{@code
 * DebianArchive archive = DebianArchive.create(DebianMirror.fromHost(), cacheDir, events);
 * DebPackage busybox = archive.downloadPackage("bookworm", "arm64", "busybox-static");
 * busybox.extract("bin/busybox", tree.resolve("bin/busybox"));
 * }</pre>
 *
 * <p>Only the {@code main} component is read.
 */
public final class DebianArchive {
  /** Debian's archive keyring, from the {@code debian-archive-keyring} package. */
  public static final Path DEBIAN_KEYRING =
      Path.of("/usr/share/keyrings/debian-archive-keyring.gpg");

  /** How long to wait for a connection, a response, or the next bytes of a download. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final Pattern SUITE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+_-]*");
  private static final Pattern ARCH = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final String COMPONENT = "main";
  private static final long IN_RELEASE_LIMIT = 64L << 20;

  private final DebianMirror mirror;
  private final Path cacheDirectory;
  private final EventListener events;
  private final Path keyring;
  private final Duration timeout;
  private final Clock clock;
  private final Downloader downloader;

  private DebianArchive(
      DebianMirror mirror,
      Path cacheDirectory,
      EventListener events,
      Path keyring,
      Duration timeout,
      Clock clock) {
    this.mirror = mirror;
    this.cacheDirectory = cacheDirectory;
    this.events = events;
    this.keyring = keyring;
    this.timeout = timeout;
    this.clock = clock;
    this.downloader = new Downloader(timeout, events);
  }

  /**
   * The archive at {@code mirror}, verified with {@link #DEBIAN_KEYRING}, caching below {@code
   * cacheDirectory} (created when missing), e.g. {@code ~/.cache/baseimg/kernels}.
   */
  public static DebianArchive create(
      DebianMirror mirror, Path cacheDirectory, EventListener events) {
    if (mirror == null || cacheDirectory == null || events == null) {
      throw new IllegalArgumentException("mirror, cache directory and listener are required");
    }
    return new DebianArchive(
        mirror, cacheDirectory, events, DEBIAN_KEYRING, DEFAULT_TIMEOUT, Clock.systemUTC());
  }

  /** The same archive verified against another keyring (a binary OpenPGP keyring file). */
  public DebianArchive withKeyring(Path newKeyring) {
    if (newKeyring == null) {
      throw new IllegalArgumentException("keyring is null");
    }
    return new DebianArchive(mirror, cacheDirectory, events, newKeyring, timeout, clock);
  }

  /**
   * The same archive with another network timeout: for connecting, for the response headers, and
   * for the next bytes of a body.
   */
  public DebianArchive withTimeout(Duration newTimeout) {
    if (newTimeout == null || newTimeout.isNegative() || newTimeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    return new DebianArchive(mirror, cacheDirectory, events, keyring, newTimeout, clock);
  }

  /** Where packages come from. */
  public DebianMirror mirror() {
    return mirror;
  }

  EventListener events() {
    return events;
  }

  /** Where downloads are kept. */
  public Path cacheDirectory() {
    return cacheDirectory;
  }

  /**
   * The newest version of a binary package of {@code suite}/main for {@code arch}, downloaded to
   * {@code <cache>/<suite>/<arch>/<name>_<version>_<arch>.deb} unless it is there already.
   *
   * @param suite e.g. {@code bookworm}
   * @param arch a Debian architecture, e.g. {@code arm64}
   * @param packageName e.g. {@code busybox-static}
   * @throws BadInputException when the suite, architecture or package does not exist
   * @throws BaseimgException when the mirror fails or a signature or checksum does not match
   */
  public DebPackage downloadPackage(String suite, String arch, String packageName)
      throws BaseimgException, InterruptedException {
    PackagesIndex index = index(suite, arch, packageName::equals);
    PackagesIndex.Entry entry =
        index
            .newest(packageName)
            .orElseThrow(
                () ->
                    new BadInputException(
                        "no package '"
                            + packageName
                            + "' in "
                            + index.description()
                            + " on "
                            + mirror));
    Path target = suiteDirectory(suite, arch).resolve(entry.debFileName());
    fetchPackage(entry, target);
    return new DebPackage(
        target, entry.name(), entry.version(), entry.architecture(), entry.sha256());
  }

  /** Downloads {@code entry} to {@code target} unless a file with its SHA-256 is there. */
  void fetchPackage(PackagesIndex.Entry entry, Path target)
      throws BaseimgException, InterruptedException {
    if (hasContent(target, entry.size(), entry.sha256())) {
      return;
    }
    downloader.download(
        mirror.resolve(entry.filename()),
        target,
        entry.size(),
        entry.sha256(),
        entry.debFileName());
  }

  /** {@code <cache>/<suite>/<arch>}, created when missing, after checking both names. */
  Path suiteDirectory(String suite, String arch) throws BaseimgException {
    checkNames(suite, arch);
    Path directory = cacheDirectory.resolve(suite).resolve(arch);
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new BaseimgException("cannot create the cache directory " + directory + ": " + e, e);
    }
    return directory;
  }

  static void checkNames(String suite, String arch) throws BadInputException {
    if (suite == null || !SUITE.matcher(suite).matches()) {
      throw new BadInputException("'" + suite + "' is not a suite name, e.g. bookworm");
    }
    if (arch == null || !ARCH.matcher(arch).matches()) {
      throw new BadInputException("'" + arch + "' is not a Debian architecture, e.g. arm64");
    }
  }

  /**
   * The verified {@code Packages} index of {@code suite}/main for {@code arch}, holding the
   * packages whose names pass {@code keep}.
   */
  PackagesIndex index(String suite, String arch, Predicate<String> keep)
      throws BaseimgException, InterruptedException {
    Path directory = suiteDirectory(suite, arch);
    ReleaseFile release = release(suite, arch, directory);
    String description = suite + "/" + COMPONENT + "/binary-" + arch;
    String base = COMPONENT + "/binary-" + arch + "/Packages";
    String compression = ".xz";
    Optional<ReleaseFile.IndexFile> file = release.file(base + compression);
    if (file.isEmpty()) {
      compression = ".gz";
      file = release.file(base + compression);
    }
    if (file.isEmpty()) {
      throw new BaseimgException(
          "the release of " + suite + " on " + mirror + " lists no " + base + ".xz or .gz");
    }
    ReleaseFile.IndexFile indexFile = file.get();
    Path cached = directory.resolve("Packages" + compression);
    if (!hasContent(cached, indexFile.size(), indexFile.sha256())) {
      String path =
          release.acquireByHash()
              // By hash, the file cannot change under us while the mirror syncs.
              ? COMPONENT + "/binary-" + arch + "/by-hash/SHA256/" + indexFile.sha256()
              : indexFile.path();
      downloader.download(
          mirror.resolve("dists/" + suite + "/" + path),
          cached,
          indexFile.size(),
          indexFile.sha256(),
          "Packages" + compression + " (" + description + ")");
    }
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(cached), 1 << 16);
        InputStream in =
            compression.equals(".xz") ? new XZInputStream(raw) : new GZIPInputStream(raw)) {
      return PackagesIndex.read(in, keep, description);
    } catch (IOException e) {
      throw new BaseimgException("cannot read " + cached + ": " + e.getMessage(), e);
    }
  }

  private ReleaseFile release(String suite, String arch, Path directory)
      throws BaseimgException, InterruptedException {
    URI uri = mirror.resolve("dists/" + suite + "/InRelease");
    byte[] signed;
    try {
      signed = downloader.fetch(uri, IN_RELEASE_LIMIT);
    } catch (Downloader.NotFoundException e) {
      throw new BadInputException(
          "suite '" + suite + "' is not on the mirror " + mirror + ": " + e.getMessage(), e);
    }
    Path file;
    try {
      file = Files.createTempFile(directory, ".InRelease.", ".unverified");
      Files.write(file, signed);
    } catch (IOException e) {
      throw new BaseimgException("cannot write into the cache " + directory + ": " + e, e);
    }
    try {
      String text = Gpgv.verify(file, keyring, uri.toString());
      ReleaseFile release = ReleaseFile.parse(text, uri.toString());
      release.check(suite, arch, COMPONENT, clock.instant());
      return release;
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a leftover hidden file in the cache is harmless
      }
    }
  }

  private static boolean hasContent(Path file, long size, String sha256) throws BaseimgException {
    try {
      return Files.isRegularFile(file)
          && Files.size(file) == size
          && Hashing.sha256(file).equals(sha256);
    } catch (IOException e) {
      throw new BaseimgException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
