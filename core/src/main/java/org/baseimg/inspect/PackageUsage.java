package org.baseimg.inspect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.baseimg.debian.DpkgStatus;
import org.baseimg.fs.FileType;
import org.baseimg.fs.ImagePath;
import org.baseimg.initramfs.InitramfsFormatException;
import org.baseimg.inspect.internal.ImageScan;
import org.baseimg.inspect.internal.Ownership;
import org.baseimg.internal.Json;

/**
 * Every file of an initramfs and its bytes, credited to the dpkg package that owns it by the
 * image's own database ({@code /var/lib/dpkg/status} and {@code info/*.list}, read from the archive
 * itself). What no package lists (an overlay's files, {@code /init}, dpkg's own database, files
 * that maintainer scripts made) is counted apart, so that the bytes add up to the archive's.
 *
 * <pre>{@code
 * PackageUsage usage = PackageUsage.of(Path.of("base-arm64.cpio.zst"));
 * usage.packages().get(0);  // the biggest: Share[name=libc6:arm64, version=2.36-9, ...]
 * }</pre>
 *
 * <p>Files are the names that are not directories (regular files, symlinks, devices, fifos);
 * directories are shared between packages and counted for none. Bytes are regular-file content,
 * each hard-link group once, credited to the name that carries the data in the archive.
 *
 * @param file the initramfs read
 * @param fileBytes its length
 * @param uncompressedBytes the cpio bytes it holds
 * @param files the image's files: every name but directories
 * @param regularFileBytes the content bytes of its regular files, hard links counted once; the sum
 *     of every share's bytes
 * @param packages one share per package that lists files or that dpkg says is installed, biggest
 *     first, then by name
 * @param noPackage what no package lists, named {@value #NO_PACKAGE}
 * @param noPackagePaths the paths of {@code noPackage}'s files, in archive order
 * @param problems the archive's structural problems, if any; empty when it is sound
 */
public record PackageUsage(
    String file,
    long fileBytes,
    long uncompressedBytes,
    int files,
    long regularFileBytes,
    List<Share> packages,
    Share noPackage,
    List<String> noPackagePaths,
    List<String> problems) {

  /** The name of the share of files no package lists. */
  public static final String NO_PACKAGE = "(no package)";

  public PackageUsage {
    packages = List.copyOf(packages);
    noPackagePaths = List.copyOf(noPackagePaths);
    problems = List.copyOf(problems);
  }

  /**
   * What one package has in the image.
   *
   * @param name dpkg's name for it ({@code libc6:arm64} for a Multi-Arch: same package)
   * @param version its installed version; empty when dpkg's status does not list it as installed
   * @param files how many of the image's files it owns
   * @param bytes their content bytes
   */
  public record Share(String name, String version, int files, long bytes) {}

  /**
   * Reads {@code initramfs} once and credits its files.
   *
   * @throws InitramfsFormatException when the file is missing or not an initramfs
   * @throws IOException when it cannot be read
   */
  public static PackageUsage of(Path initramfs) throws IOException, InitramfsFormatException {
    ImageScan scan = ImageScan.read(initramfs, false);
    Map<ImagePath, String> owners = Ownership.of(scan);

    Map<String, Tally> tallies = new TreeMap<>();
    scan.lists().keySet().forEach(name -> tallies.put(name, new Tally()));
    for (DpkgStatus.Installed installed : scan.installed()) {
      // Installed, but without a list: a package of no files (or one whose list was removed).
      if (!tallies.containsKey(installed.name() + ":" + installed.architecture())) {
        tallies.putIfAbsent(installed.name(), new Tally());
      }
    }
    Map<String, String> versions = versions(scan.installed());
    Tally unowned = new Tally();
    List<String> unownedPaths = new ArrayList<>();
    int files = 0;
    for (ImageScan.Node node : scan.tree().values()) {
      if (node.type() == FileType.DIRECTORY) {
        continue;
      }
      files++;
      String owner = owners.get(node.path());
      if (owner == null) {
        unownedPaths.add(node.path().value());
      }
      (owner == null ? unowned : tallies.get(owner)).add(node);
    }
    List<Share> packages = new ArrayList<>();
    tallies.forEach(
        (name, tally) -> packages.add(tally.share(name, versions.getOrDefault(name, ""))));
    packages.sort(Comparator.comparingLong(Share::bytes).reversed().thenComparing(Share::name));
    return new PackageUsage(
        initramfs.toString(),
        scan.listing().fileBytes(),
        scan.listing().uncompressedBytes(),
        files,
        scan.regularFileBytes(),
        packages,
        unowned.share(NO_PACKAGE, ""),
        unownedPaths,
        scan.problems());
  }

  /** One share's files and bytes, counted up. */
  private static final class Tally {
    private int files;
    private long bytes;

    void add(ImageScan.Node node) {
      files++;
      // Only the name that carries a hard-link group's data has a size in the archive.
      bytes += node.type() == FileType.REGULAR ? node.entry().size() : 0;
    }

    Share share(String name, String version) {
      return new Share(name, version, files, bytes);
    }
  }

  /**
   * The installed version of each package, keyed as its list file is named: {@code name:arch} for a
   * Multi-Arch: same package and also the plain name, which dpkg uses for all others.
   */
  private static Map<String, String> versions(List<DpkgStatus.Installed> installed) {
    Map<String, String> versions = new HashMap<>();
    for (DpkgStatus.Installed one : installed) {
      versions.putIfAbsent(one.name(), one.version());
      versions.put(one.name() + ":" + one.architecture(), one.version());
    }
    return versions;
  }

  /** This usage as JSON, for scripts. */
  public String toJson() {
    return Json.write(this);
  }
}
