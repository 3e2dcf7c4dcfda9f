package org.baseimg.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baseimg.event.EventListener;
import org.baseimg.fs.FileType;
import org.baseimg.fs.ImagePath;
import org.baseimg.initramfs.Compression;
import org.baseimg.initramfs.InitramfsFormatException;
import org.baseimg.initramfs.InitramfsWriter;
import org.baseimg.initramfs.PackOptions;
import org.baseimg.initramfs.RootfsEntry;
import org.baseimg.initramfs.RootfsSource;
import org.baseimg.testing.DpkgImageTree;
import org.baseimg.testing.NativeTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDiffTest {
  @TempDir Path temp;

  /** The test fixture's base and edge images, packed. */
  static Path[] baseAndEdge(Path temp) throws Exception {
    return new Path[] {
      PackageUsageTest.pack(DpkgImageTree.base(temp.resolve("base")), temp.resolve("base.cpio")),
      PackageUsageTest.pack(DpkgImageTree.edge(temp.resolve("edge")), temp.resolve("edge.cpio"))
    };
  }

  @Test
  void between_baseAndEdge_listsAddedPackagesAndTheMinionConfig() throws Exception {
    Path[] images = baseAndEdge(temp);
    ImageDiff diff = ImageDiff.between(images[0], images[1]);

    assertThat(diff.addedPackages())
        .containsExactly(
            new ImageDiff.Package("ca-certificates", "20230311", "all"),
            new ImageDiff.Package("salt-minion", "3006.4", "all"));
    assertThat(diff.removedPackages())
        .containsExactly(new ImageDiff.Package("procps", "2:4.0.2-3", "arm64"));
    assertThat(diff.upgradedPackages())
        .containsExactly(new ImageDiff.PackageChange("libc6", "2.36-9", "2.36-9+deb12u4"));
    assertThat(diff.downgradedPackages()).isEmpty();
    assertThat(diff.addedFiles())
        .extracting(ImageDiff.FileState::path)
        .contains(
            "/etc/salt",
            "/etc/salt/minion",
            "/etc/salt/minion.d/baseimg.conf",
            "/usr/bin/salt-minion",
            "/var/lib/dpkg/info/salt-minion.list");
    assertThat(diff.removedFiles())
        .extracting(ImageDiff.FileState::path)
        .containsExactly("/usr/bin/ps", "/var/lib/dpkg/info/procps.list");
    assertThat(diff.changedFiles())
        .extracting(change -> change.path() + ": " + String.join(", ", change.changes()))
        .containsExactly(
            "/etc/hostname: content",
            "/etc/motd: mode",
            "/usr/bin/editor: link target",
            "/usr/lib/aarch64-linux-gnu/libc.so.6: content",
            "/var/lib/dpkg/status: content");
    assertThat(diff.after().fileBytes() - diff.before().fileBytes()).isPositive();
    assertThat(diff.after().packages()).isEqualTo(4);
    assertThat(diff.isEmpty()).isFalse();
  }

  @Test
  void between_anImageAndItself_isEmpty() throws Exception {
    Path image = baseAndEdge(temp)[0];
    ImageDiff diff = ImageDiff.between(image, image);
    assertThat(diff.isEmpty()).isTrue();
    assertThat(diff.before()).isEqualTo(diff.after());
  }

  @Test
  void between_filesAgreeWithGnuCpioAndDiff() throws Exception {
    Path base = DpkgImageTree.base(temp.resolve("base"));
    Path edge = DpkgImageTree.edge(temp.resolve("edge"));
    // A device both have, with other numbers; its changed number is checked with stat below.
    Files.createDirectories(base.resolve("dev"));
    Files.createDirectories(edge.resolve("dev"));
    NativeTools.run(List.of("mknod", base.resolve("dev/ttyAMA0").toString(), "c", "204", "64"));
    NativeTools.run(List.of("mknod", edge.resolve("dev/ttyAMA0").toString(), "c", "204", "65"));
    Path[] images = {
      PackageUsageTest.pack(base, temp.resolve("base.cpio")),
      PackageUsageTest.pack(edge, temp.resolve("edge.cpio"))
    };
    ImageDiff diff = ImageDiff.between(images[0], images[1]);
    Path a = temp.resolve("a");
    Path b = temp.resolve("b");
    NativeTools.extractWithGnuCpio(images[0], a);
    NativeTools.extractWithGnuCpio(images[1], b);

    List<String> lines;
    try {
      lines =
          NativeTools.run(List.of("diff", "-rq", "--no-dereference", "a", "b"), temp).stdoutLines();
    } catch (NativeTools.CommandFailedException e) {
      assertThat(e.result().exitCode()).as(e.result().stderr()).isEqualTo(1); // 1: they differ
      lines = e.result().stdoutLines();
    }
    Set<String> onlyInA = new TreeSet<>();
    Set<String> onlyInB = new TreeSet<>();
    Set<String> differ = new TreeSet<>();
    Pattern only = Pattern.compile("Only in ([ab])(/.*)?: (.*)");
    Pattern files = Pattern.compile("(?:Files|Symbolic links) a(/.*) and b/.* differ");
    Pattern sameType = Pattern.compile("File a(/.*) is a (.*) while file b/.* is a \\2");
    for (String line : lines) {
      Matcher matcher = only.matcher(line);
      if (matcher.matches()) {
        String directory = matcher.group(2) == null ? "" : matcher.group(2);
        (matcher.group(1).equals("a") ? onlyInA : onlyInB).add(directory + "/" + matcher.group(3));
        continue;
      }
      // GNU diff 3.8 says this of two equal device nodes at random (3 runs in 30 here), so it
      // tells nothing: the device numbers are compared with stat below instead.
      if (sameType.matcher(line).matches()) {
        continue;
      }
      matcher = files.matcher(line);
      assertThat(matcher.matches()).as(line).isTrue();
      differ.add(matcher.group(1));
    }

    // diff -r names a directory only one side has, not what is inside it.
    assertThat(onlyInA).isEqualTo(topmost(diff.removedFiles()));
    assertThat(onlyInB).isEqualTo(topmost(diff.addedFiles()));
    // diff compares content and link targets; modes and owners are not its business.
    Set<String> changed = new TreeSet<>();
    for (ImageDiff.FileChange change : diff.changedFiles()) {
      if (change.changes().contains("content") || change.changes().contains("link target")) {
        changed.add(change.path());
      }
    }
    assertThat(differ).isEqualTo(changed);

    for (ImageDiff.FileState device : diff.addedFiles()) {
      assertThat(device.device()).as(device.path()).isNull();
    }
    Set<String> devicesChanged = new TreeSet<>();
    diff.changedFiles().stream()
        .filter(change -> change.changes().contains("device"))
        .forEach(change -> devicesChanged.add(change.path()));
    Set<String> rdevsDiffer = new TreeSet<>();
    try (var walk = Files.walk(a)) {
      for (Path path : walk.toList()) {
        Path other = b.resolve(a.relativize(path).toString());
        if (isDevice(path) && isDevice(other) && rdev(path) != rdev(other)) {
          rdevsDiffer.add("/" + a.relativize(path));
        }
      }
    }
    assertThat(devicesChanged).isEqualTo(rdevsDiffer).containsExactly("/dev/ttyAMA0");
  }

  @Test
  void between_typeOwnerAndDeviceChanges_areNamedWithBothStates() throws Exception {
    ImagePath tty = ImagePath.of("/dev/tty0");
    ImagePath conf = ImagePath.of("/etc/app.conf");
    ImagePath data = ImagePath.of("/srv/data");
    Path a =
        packEntries(
            "a",
            RootfsEntry.device(
                tty, FileType.CHAR_DEVICE, 0620, 0, 5, 0, new RootfsEntry.DeviceNumber(4, 0)),
            RootfsEntry.regular(
                conf, 0644, 0, 0, 0, 1, () -> new ByteArrayInputStream(new byte[] {'x'})),
            RootfsEntry.regular(
                data, 0640, 0, 0, 0, 0, () -> new ByteArrayInputStream(new byte[0])));
    Path b =
        packEntries(
            "b",
            RootfsEntry.device(
                tty, FileType.CHAR_DEVICE, 0620, 0, 5, 0, new RootfsEntry.DeviceNumber(4, 1)),
            RootfsEntry.symlink(conf, "app.conf.d/main", 0, 0, 0),
            RootfsEntry.regular(
                data, 0640, 1000, 1000, 0, 0, () -> new ByteArrayInputStream(new byte[0])));

    ImageDiff diff = ImageDiff.between(a, b);

    assertThat(diff.changedFiles())
        .extracting(change -> change.path() + ": " + String.join(", ", change.changes()))
        .containsExactly("/dev/tty0: device", "/etc/app.conf: type", "/srv/data: owner");
    ImageDiff.FileChange device = diff.changedFiles().get(0);
    assertThat(device.before().device()).isEqualTo("4:0");
    assertThat(device.after().device()).isEqualTo("4:1");
    assertThat(diff.changedFiles().get(1).after().linkTarget()).isEqualTo("app.conf.d/main");
  }

  private Path packEntries(String name, RootfsEntry... entries) throws Exception {
    Path archive = temp.resolve(name + ".cpio");
    PackOptions options =
        PackOptions.defaults()
            .withCompression(Compression.none())
            .withEpoch(1_700_000_000L)
            .withBare(true);
    InitramfsWriter.create(options, EventListener.NONE)
        .write(RootfsSource.of(List.of(entries), name), archive);
    return archive;
  }

  private static boolean isDevice(Path path) throws Exception {
    return Files.exists(path, LinkOption.NOFOLLOW_LINKS)
        && (Files.readAttributes(path, "unix:mode", LinkOption.NOFOLLOW_LINKS).get("mode")
                instanceof Integer mode
            && ((mode & 0170000) == 0020000 || (mode & 0170000) == 0060000));
  }

  private static long rdev(Path path) throws Exception {
    return (Long) Files.getAttribute(path, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
  }

  private static Set<String> topmost(List<ImageDiff.FileState> states) {
    List<String> paths = new ArrayList<>();
    states.forEach(state -> paths.add(state.path()));
    Set<String> topmost = new TreeSet<>();
    for (String path : paths) {
      if (!paths.contains(path.substring(0, path.lastIndexOf('/')))) {
        topmost.add(path);
      }
    }
    return topmost;
  }

  @Test
  void between_missingFile_isAFormatException() {
    assertThatThrownBy(() -> ImageDiff.between(temp.resolve("a.cpio"), temp.resolve("b.cpio")))
        .isInstanceOf(InitramfsFormatException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void toJson_holdsBothSidesAndTheLists() throws Exception {
    Path[] images = baseAndEdge(temp);
    String json = ImageDiff.between(images[0], images[1]).toJson();
    assertThat(json)
        .contains("\"before\": {")
        .contains("\"addedPackages\": [")
        .contains("\"path\": \"/etc/salt/minion\"")
        .doesNotContain("null");
  }
}
