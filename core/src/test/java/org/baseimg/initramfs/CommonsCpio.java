package org.baseimg.initramfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.assertj.core.api.SoftAssertions;

/**
 * Reads a plain (uncompressed) newc archive with commons-compress's {@link CpioArchiveInputStream}:
 * a reader that shares no code with {@link InitramfsReader}, to check what the writer packed.
 *
 * <p>commons-compress reads one archive up to its first {@code TRAILER!!!}, and it does not join
 * the names of a hard-link group: each name comes back with the bytes stored after its own header.
 * The writer stores a group's data once, with the last name (GNU cpio's convention), so the other
 * names read as empty here; the kernel and GNU cpio give every name the data.
 */
final class CommonsCpio {
  private CommonsCpio() {}

  /**
   * One header and the bytes stored after it, as commons-compress reads them.
   *
   * @param name the stored name
   * @param mode the full mode word: type bits and twelve permission bits
   * @param uid owner
   * @param gid group
   * @param nlink link count
   * @param mtime seconds since 1970
   * @param inode inode number
   * @param rdevMajor a device's major number
   * @param rdevMinor a device's minor number
   * @param data the bytes after the header: a file's content or a symlink's target
   */
  record Entry(
      String name,
      long mode,
      long uid,
      long gid,
      long nlink,
      long mtime,
      long inode,
      long rdevMajor,
      long rdevMinor,
      byte[] data) {

    /** The data as UTF-8: a symlink's target, or a text file's content. */
    String text() {
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  /** Every entry up to the trailer, by name, in archive order. */
  static Map<String, Entry> read(byte[] archive) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    try (CpioArchiveInputStream in =
        new CpioArchiveInputStream(new ByteArrayInputStream(archive), "UTF-8")) {
      for (CpioArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        Entry previous =
            entries.put(
                entry.getName(),
                new Entry(
                    entry.getName(),
                    entry.getMode(),
                    entry.getUID(),
                    entry.getGID(),
                    entry.getNumberOfLinks(),
                    entry.getTime(),
                    entry.getInode(),
                    entry.getRemoteDeviceMaj(),
                    entry.getRemoteDeviceMin(),
                    in.readAllBytes()));
        assertThat(previous).as("a second entry named %s", entry.getName()).isNull();
      }
    }
    return entries;
  }

  /**
   * Checks that commons-compress reads every field of every packed entry back from {@code archive}:
   * mode, owner, mtime (clamped to {@code epoch}), device number, symlink target, content and a
   * plain file's link count, and for a hard-link group its link count, one inode and the data on
   * the last name.
   */
  static void assertReadsAsPacked(byte[] archive, List<RootfsEntry> packed, long epoch)
      throws IOException {
    Map<String, Entry> read = read(archive);
    Map<String, RootfsEntry> packedByName = new HashMap<>();
    packed.forEach(entry -> packedByName.put(entry.path().archiveName(), entry));
    // In archive order: each later name of a group replaces the earlier, leaving the last.
    Map<RootfsEntry.HardLinkGroup, Entry> lastOfGroup = new HashMap<>();
    for (Entry actual : read.values()) {
      RootfsEntry expected = packedByName.get(actual.name());
      if (expected != null && expected.hardLink() != null) {
        lastOfGroup.put(expected.hardLink(), actual);
      }
    }
    SoftAssertions softly = new SoftAssertions();
    for (RootfsEntry expected : packed) {
      String name = expected.path().archiveName();
      Entry actual = read.get(name);
      softly.assertThat(actual).as(name).isNotNull();
      if (actual == null) {
        continue;
      }
      RootfsEntry.DeviceNumber device = expected.device();
      softly.assertThat(actual.mode()).as(name + " mode").isEqualTo(expected.mode().bits());
      softly.assertThat(actual.uid()).as(name + " uid").isEqualTo(expected.uid());
      softly.assertThat(actual.gid()).as(name + " gid").isEqualTo(expected.gid());
      softly
          .assertThat(actual.mtime())
          .as(name + " mtime")
          .isEqualTo(Math.min(expected.mtime(), epoch));
      softly
          .assertThat(actual.rdevMajor())
          .as(name + " rdev major")
          .isEqualTo(device == null ? 0 : device.major());
      softly
          .assertThat(actual.rdevMinor())
          .as(name + " rdev minor")
          .isEqualTo(device == null ? 0 : device.minor());
      if (expected.hardLink() != null) {
        Entry last = lastOfGroup.get(expected.hardLink());
        softly
            .assertThat(actual.nlink())
            .as(name + " nlink")
            .isEqualTo(expected.hardLink().members());
        softly.assertThat(actual.inode()).as(name + " inode").isEqualTo(last.inode());
        softly
            .assertThat(actual.data())
            .as(name + " data")
            .isEqualTo(actual == last ? content(expected) : new byte[0]);
      } else if (expected.linkTarget() != null) {
        softly.assertThat(actual.text()).as(name + " target").isEqualTo(expected.linkTarget());
      } else if (expected.content() != null) {
        softly.assertThat(actual.nlink()).as(name + " nlink").isEqualTo(1);
        softly.assertThat(actual.data()).as(name + " content").isEqualTo(content(expected));
      } else {
        softly.assertThat(actual.data()).as(name + " data").isEmpty();
      }
    }
    softly.assertAll();
  }

  private static byte[] content(RootfsEntry entry) throws IOException {
    try (InputStream in = entry.content().open()) {
      return in.readAllBytes();
    }
  }
}
