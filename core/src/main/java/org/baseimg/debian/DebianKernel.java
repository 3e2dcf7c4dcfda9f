package org.baseimg.debian;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.debian.internal.DebianVersion;
import org.baseimg.debian.internal.KernelPackages;
import org.baseimg.debian.internal.PackagesIndex;
import org.baseimg.debian.internal.StagedKernels;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.internal.AtomicFile;
import org.baseimg.internal.Hashing;
import org.baseimg.kernel.Kernel;
import org.baseimg.kernel.StagedKernel;

/**
 * Debian's stock kernel for a suite and architecture, for boot tests: the package that the
 * metapackage {@code linux-image-<flavour>} (e.g. {@code linux-image-arm64}) currently depends on,
 * checked end to end against the archive's signature, and its {@code /boot/vmlinuz-*} taken out
 * without dpkg.
 *
 * <pre>{@code
 * Kernel kernel = DebianKernel.online(DebianArchive.create(mirror, cacheDir, events))
 *     .fetch("bookworm", "arm64");
 * Kernel same = DebianKernel.offline(cacheDir).fetch("bookworm", "arm64"); // no network
 * }</pre>
 *
 * <p>Images are kept at {@code <cache>/<suite>/<arch>/<package>_<version>/vmlinuz}, written
 * atomically, with their SHA-256 beside them in {@code vmlinuz.sha256}. Online, {@code InRelease}
 * and the index are checked every time, so a new kernel in the archive is noticed, but a kernel
 * already in the cache is not downloaded again.
 */
public final class DebianKernel {
  private static final String IMAGE = "vmlinuz";
  private static final String IMAGE_SHA256 = "vmlinuz.sha256";

  private final DebianArchive archive;
  private final Path cacheDirectory;
  private final EventListener events;

  private DebianKernel(DebianArchive archive, Path cacheDirectory, EventListener events) {
    this.archive = archive;
    this.cacheDirectory = cacheDirectory;
    this.events = events;
  }

  /** Fetches from {@code archive}, caching in its cache directory. */
  public static DebianKernel online(DebianArchive archive) {
    if (archive == null) {
      throw new IllegalArgumentException("archive is null");
    }
    return new DebianKernel(archive, archive.cacheDirectory(), archive.events());
  }

  /** Uses only what an earlier online fetch left in {@code cacheDirectory}; no network. */
  public static DebianKernel offline(Path cacheDirectory) {
    if (cacheDirectory == null) {
      throw new IllegalArgumentException("cache directory is null");
    }
    return new DebianKernel(null, cacheDirectory, EventListener.NONE);
  }

  /** Whether this kernel source works without network. */
  public boolean isOffline() {
    return archive == null;
  }

  /**
   * The stock kernel of {@code suite} for {@code arch}: online, the one the archive currently names
   * (downloaded unless cached); offline, the newest one in the cache.
   *
   * @param suite e.g. {@code bookworm}
   * @param arch a Debian architecture: {@code arm64}, {@code amd64}, ...
   * @throws BadInputException for an unknown suite or architecture
   * @throws BaseimgException when the mirror fails, a signature or checksum does not match, or
   *     (offline) the cache holds no kernel
   */
  public Kernel fetch(String suite, String arch) throws BaseimgException, InterruptedException {
    String metapackage = KernelPackages.metapackage(arch);
    return isOffline() ? newestCached(suite, arch) : download(suite, arch, metapackage);
  }

  private Kernel download(String suite, String arch, String metapackage)
      throws BaseimgException, InterruptedException {
    PackagesIndex index = archive.index(suite, arch, name -> name.startsWith("linux-image-"));
    PackagesIndex.Entry entry = KernelPackages.resolve(index, metapackage);
    Path entryDirectory =
        archive.suiteDirectory(suite, arch).resolve(entryName(entry.name(), entry.version()));
    Optional<Kernel> cached = cachedKernel(entryDirectory, entry.name(), entry.version());
    if (cached.isPresent()) {
      return cached.get();
    }
    try {
      Files.createDirectories(entryDirectory);
    } catch (IOException e) {
      throw new BaseimgException("cannot create " + entryDirectory + ": " + e, e);
    }
    Path deb = entryDirectory.resolve(entry.debFileName());
    try {
      archive.fetchPackage(entry, deb);
      DebPackage pkg =
          new DebPackage(deb, entry.name(), entry.version(), entry.architecture(), entry.sha256());
      String phase = "extract " + IMAGE;
      long started = System.nanoTime();
      events.on(new Event.PhaseStarted(phase, -1, "files"));
      Path image = entryDirectory.resolve(IMAGE);
      pkg.extract(KernelPackages.IMAGE_MEMBER, "boot/vmlinuz-*", image);
      String sha256 = Hashing.sha256(image);
      try (AtomicFile file = AtomicFile.create(entryDirectory.resolve(IMAGE_SHA256))) {
        file.stream().write((sha256 + "  " + IMAGE + "\n").getBytes(StandardCharsets.US_ASCII));
        file.commit();
      }
      events.on(
          new Event.PhaseFinished(
              phase,
              Duration.ofNanos(System.nanoTime() - started),
              entry.name() + " " + entry.version() + " -> " + image));
      return new Kernel(image, entry.name(), entry.version(), sha256);
    } catch (IOException e) {
      throw new BaseimgException("cannot write the kernel into " + entryDirectory + ": " + e, e);
    } finally {
      try {
        Files.deleteIfExists(deb);
      } catch (IOException e) {
        // the package is only a means to the image; a leftover costs space, not correctness
      }
    }
  }

  /**
   * The kernel package {@code packageName} of {@code suite} for {@code arch} (a versioned package,
   * or a metapackage such as {@code linux-image-cloud-arm64} that leads to one), unpacked without
   * its maintainer scripts into the {@link StagedKernel} layout, with {@code modules.dep} made by
   * the host's depmod (the package ships none: its postinst runs depmod). Kept in the cache, so a
   * rebuild with the same package neither downloads nor unpacks again.
   *
   * @throws BadInputException when the suite has no such package
   */
  public StagedKernel unpack(String suite, String arch, String packageName)
      throws BaseimgException, InterruptedException {
    if (isOffline()) {
      throw new IllegalStateException("unpacking a kernel package needs the archive");
    }
    PackagesIndex index = archive.index(suite, arch, name -> name.startsWith("linux-"));
    if (index.newest(packageName).isEmpty()) {
      throw new BadInputException(
          "no kernel package "
              + packageName
              + " in "
              + index.description()
              + "; Debian's are named linux-image-"
              + arch
              + ", linux-image-cloud-"
              + arch
              + " or linux-image-VERSION-FLAVOUR");
    }
    PackagesIndex.Entry entry = KernelPackages.resolve(index, packageName);
    Path staged =
        archive.suiteDirectory(suite, arch).resolve(entryName(entry.name(), entry.version()));
    Path directory = staged.resolve("staged");
    String origin = entry.name() + " " + entry.version();
    Optional<String> release = StagedKernels.completed(directory);
    if (release.isPresent()) {
      return new StagedKernel(directory, release.get(), "package", origin, new TreeMap<>());
    }
    Path deb = staged.resolve(entry.debFileName());
    try {
      Files.createDirectories(staged);
      archive.fetchPackage(entry, deb);
      return new StagedKernel(
          directory,
          StagedKernels.fromPackage(deb, directory, events),
          "package",
          origin,
          new TreeMap<>());
    } catch (IOException e) {
      throw new BaseimgException("cannot unpack " + origin + " into " + directory + ": " + e, e);
    } finally {
      try {
        Files.deleteIfExists(deb);
      } catch (IOException e) {
        // the package is only a means to the staged kernel
      }
    }
  }

  private Kernel newestCached(String suite, String arch) throws BaseimgException {
    DebianArchive.checkNames(suite, arch);
    Path directory = cacheDirectory.resolve(suite).resolve(arch);
    List<Kernel> kernels = new ArrayList<>();
    if (Files.isDirectory(directory)) {
      List<Path> entries;
      try (Stream<Path> listing = Files.list(directory)) {
        entries = listing.filter(Files::isDirectory).toList();
      } catch (IOException e) {
        throw new BaseimgException("cannot list " + directory + ": " + e, e);
      }
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        int underscore = name.indexOf('_');
        if (!name.startsWith("linux-image-") || underscore < 0) {
          continue;
        }
        String version = name.substring(underscore + 1).replace("%3a", ":");
        cachedKernel(entry, name.substring(0, underscore), version).ifPresent(kernels::add);
      }
    }
    return kernels.stream()
        .max(Comparator.comparing(Kernel::version, DebianVersion.ORDER))
        .orElseThrow(
            () ->
                new BaseimgException(
                    "no cached kernel for "
                        + suite
                        + "/"
                        + arch
                        + " in "
                        + directory
                        + "; fetch one once online first"));
  }

  /** The kernel in {@code entryDirectory}, if it is complete and matches its recorded SHA-256. */
  private static Optional<Kernel> cachedKernel(
      Path entryDirectory, String packageName, String version) throws BaseimgException {
    Path image = entryDirectory.resolve(IMAGE);
    Path sum = entryDirectory.resolve(IMAGE_SHA256);
    if (!Files.isRegularFile(image) || !Files.isRegularFile(sum)) {
      return Optional.empty();
    }
    try {
      String recorded = Files.readString(sum, StandardCharsets.US_ASCII).split("\\s+", 2)[0];
      String actual = Hashing.sha256(image);
      if (!actual.equals(recorded)) {
        return Optional.empty(); // damaged; fetched again online, ignored offline
      }
      return Optional.of(new Kernel(image, packageName, version, actual));
    } catch (IOException e) {
      throw new BaseimgException(
          "cannot read the cached kernel in " + entryDirectory + ": " + e, e);
    }
  }

  /** {@code <package>_<version>}, with the version's epoch colon written as apt does. */
  static String entryName(String packageName, String version) {
    return packageName + "_" + version.replace(":", "%3a");
  }
}
