package org.baseimg.inspect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.baseimg.debian.DpkgStatus;
import org.baseimg.debian.internal.DebianVersion;
import org.baseimg.fs.FileType;
import org.baseimg.fs.ImagePath;
import org.baseimg.initramfs.InitramfsFormatException;
import org.baseimg.initramfs.InitramfsListing;
import org.baseimg.inspect.internal.ImageScan;
import org.baseimg.internal.Json;

/**
 * What changed from one initramfs to another: files added, removed and changed (content by SHA-256,
 * type, permission bits, owner, symlink target, device number; not mtimes), the packages of each
 * image's own dpkg status added, removed, upgraded and downgraded, and the sizes. Each image is
 * compared as the kernel unpacks it: a later entry of a name replaces an earlier one.
 *
 * <pre>{@code
 * ImageDiff diff = ImageDiff.between(Path.of("base-arm64.cpio.zst"), Path.of("edge-arm64.cpio.zst"));
 * diff.addedPackages();  // [Package[name=ca-certificates, ...], Package[name=salt-minion, ...]]
 * }</pre>
 *
 * @param before the first image
 * @param after the second image
 * @param addedFiles names only the second image has, directories included, in path order
 * @param removedFiles names only the first image has
 * @param changedFiles names both have that differ
 * @param addedPackages packages installed in the second image only, by name
 * @param removedPackages packages installed in the first image only
 * @param upgradedPackages packages with a higher version in the second image, by Debian's ordering
 * @param downgradedPackages packages with a lower (or only differently written) version in it
 */
public record ImageDiff(
    Image before,
    Image after,
    List<FileState> addedFiles,
    List<FileState> removedFiles,
    List<FileChange> changedFiles,
    List<Package> addedPackages,
    List<Package> removedPackages,
    List<PackageChange> upgradedPackages,
    List<PackageChange> downgradedPackages) {

  public ImageDiff {
    addedFiles = List.copyOf(addedFiles);
    removedFiles = List.copyOf(removedFiles);
    changedFiles = List.copyOf(changedFiles);
    addedPackages = List.copyOf(addedPackages);
    removedPackages = List.copyOf(removedPackages);
    upgradedPackages = List.copyOf(upgradedPackages);
    downgradedPackages = List.copyOf(downgradedPackages);
  }

  /**
   * One side's sizes.
   *
   * @param file the initramfs read
   * @param fileBytes its length
   * @param uncompressedBytes the cpio bytes it holds
   * @param names the names of its tree, directories included, the root not
   * @param regularFileBytes its regular files' content, each hard-link group once
   * @param packages how many packages its dpkg status lists as installed
   */
  public record Image(
      String file,
      long fileBytes,
      long uncompressedBytes,
      int names,
      long regularFileBytes,
      int packages) {}

  /**
   * One name as an image holds it.
   *
   * @param path where it is
   * @param type {@code regular}, {@code directory}, {@code symlink}, {@code char_device}, {@code
   *     block_device}, {@code fifo} or {@code socket}
   * @param mode all twelve permission bits, four octal digits
   * @param uid owner
   * @param gid group
   * @param size a regular file's content length (its hard-link group's), else 0
   * @param sha256 a regular file's content hash, else null
   * @param linkTarget a symlink's target, else null
   * @param device a device's {@code major:minor}, else null
   */
  public record FileState(
      String path,
      String type,
      String mode,
      long uid,
      long gid,
      long size,
      String sha256,
      String linkTarget,
      String device) {}

  /**
   * A name both images hold, differently.
   *
   * @param path where it is
   * @param changes what differs: {@code type} (then nothing but {@code owner} besides), else any of
   *     {@code content}, {@code link target}, {@code device}, {@code mode}, and {@code owner}
   * @param before as the first image holds it
   * @param after as the second image holds it
   */
  public record FileChange(String path, List<String> changes, FileState before, FileState after) {
    public FileChange {
      changes = List.copyOf(changes);
    }
  }

  /**
   * An installed package.
   *
   * @param name its name; {@code name:arch} when one image has it for several architectures
   * @param version its version
   * @param architecture its architecture, or {@code all}
   */
  public record Package(String name, String version, String architecture) {}

  /**
   * A package installed in both images at different versions.
   *
   * @param name its name
   * @param before the first image's version
   * @param after the second image's version
   */
  public record PackageChange(String name, String before, String after) {}

  /**
   * Compares two initramfs files, reading each once.
   *
   * @throws InitramfsFormatException when either file is missing or not an initramfs
   * @throws IOException when one cannot be read
   */
  public static ImageDiff between(Path first, Path second)
      throws IOException, InitramfsFormatException {
    ImageScan a = ImageScan.read(first, true);
    ImageScan b = ImageScan.read(second, true);
    List<FileState> added = new ArrayList<>();
    List<FileState> removed = new ArrayList<>();
    List<FileChange> changed = new ArrayList<>();
    SortedMap<ImagePath, ImageScan.Node> after = b.tree();
    for (ImageScan.Node old : a.tree().values()) {
      ImageScan.Node now = after.get(old.path());
      if (now == null) {
        removed.add(state(old));
        continue;
      }
      FileState before = state(old);
      FileState state = state(now);
      List<String> changes = changes(before, state);
      if (!changes.isEmpty()) {
        changed.add(new FileChange(old.path().value(), changes, before, state));
      }
    }
    for (ImageScan.Node now : after.values()) {
      if (!a.tree().containsKey(now.path())) {
        added.add(state(now));
      }
    }

    Map<String, DpkgStatus.Installed> oldPackages = byName(a.installed());
    Map<String, DpkgStatus.Installed> newPackages = byName(b.installed());
    List<Package> addedPackages = new ArrayList<>();
    List<Package> removedPackages = new ArrayList<>();
    List<PackageChange> upgraded = new ArrayList<>();
    List<PackageChange> downgraded = new ArrayList<>();
    oldPackages.forEach(
        (name, old) -> {
          DpkgStatus.Installed now = newPackages.get(name);
          if (now == null) {
            removedPackages.add(new Package(name, old.version(), old.architecture()));
          } else if (!now.version().equals(old.version())) {
            PackageChange change = new PackageChange(name, old.version(), now.version());
            (DebianVersion.compare(now.version(), old.version()) > 0 ? upgraded : downgraded)
                .add(change);
          }
        });
    newPackages.forEach(
        (name, now) -> {
          if (!oldPackages.containsKey(name)) {
            addedPackages.add(new Package(name, now.version(), now.architecture()));
          }
        });
    return new ImageDiff(
        image(first, a),
        image(second, b),
        added,
        removed,
        changed,
        addedPackages,
        removedPackages,
        upgraded,
        downgraded);
  }

  /** True when the two images hold the same names, files and packages. */
  public boolean isEmpty() {
    return addedFiles.isEmpty()
        && removedFiles.isEmpty()
        && changedFiles.isEmpty()
        && addedPackages.isEmpty()
        && removedPackages.isEmpty()
        && upgradedPackages.isEmpty()
        && downgradedPackages.isEmpty();
  }

  /** This diff as JSON, for scripts. */
  public String toJson() {
    return Json.write(this);
  }

  private static Image image(Path file, ImageScan scan) {
    return new Image(
        file.toString(),
        scan.listing().fileBytes(),
        scan.listing().uncompressedBytes(),
        scan.tree().size(),
        scan.regularFileBytes(),
        scan.installed().size());
  }

  private static FileState state(ImageScan.Node node) {
    InitramfsListing.Entry entry = node.entry();
    FileType type = node.type();
    return new FileState(
        node.path().value(),
        type.name().toLowerCase(Locale.ROOT),
        String.format(Locale.ROOT, "%04o", entry.mode().permissions()),
        entry.uid(),
        entry.gid(),
        type == FileType.REGULAR ? node.size() : 0,
        node.sha256(),
        entry.linkTarget(),
        type.isDevice() ? entry.rdevMajor() + ":" + entry.rdevMinor() : null);
  }

  private static List<String> changes(FileState before, FileState after) {
    List<String> changes = new ArrayList<>();
    if (!before.type().equals(after.type())) {
      changes.add("type");
    } else {
      if (!Objects.equals(before.sha256(), after.sha256())) {
        changes.add("content");
      }
      if (!Objects.equals(before.linkTarget(), after.linkTarget())) {
        changes.add("link target");
      }
      if (!Objects.equals(before.device(), after.device())) {
        changes.add("device");
      }
      // Only within one type: a symlink's mode is always 0777 and says nothing.
      if (!before.mode().equals(after.mode())) {
        changes.add("mode");
      }
    }
    if (before.uid() != after.uid() || before.gid() != after.gid()) {
      changes.add("owner");
    }
    return changes;
  }

  /**
   * The installed packages by name, sorted; a name installed for several architectures is keyed
   * {@code name:arch}.
   */
  private static Map<String, DpkgStatus.Installed> byName(List<DpkgStatus.Installed> installed) {
    Map<String, Integer> count = new HashMap<>();
    installed.forEach(one -> count.merge(one.name(), 1, Integer::sum));
    Map<String, DpkgStatus.Installed> byName = new TreeMap<>();
    for (DpkgStatus.Installed one : installed) {
      byName.put(
          count.get(one.name()) > 1 ? one.name() + ":" + one.architecture() : one.name(), one);
    }
    return byName;
  }
}
