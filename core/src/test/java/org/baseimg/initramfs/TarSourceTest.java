package org.baseimg.initramfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.baseimg.initramfs.Packing.byName;
import static org.baseimg.initramfs.Packing.list;
import static org.baseimg.initramfs.Packing.options;
import static org.baseimg.initramfs.Packing.packToBytes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.baseimg.fs.FileType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarSourceTest {
  @TempDir Path temp;

  /** Builds a tar in memory, entry by entry. */
  private static final class TarBuilder {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    TarBuilder(int longFileMode) {
      tar = new TarArchiveOutputStream(bytes);
      tar.setLongFileMode(longFileMode);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    TarBuilder() {
      this(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    TarBuilder file(String name, String content, int mode, long uid) throws IOException {
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry(name);
      entry.setSize(data.length);
      entry.setMode(mode);
      entry.setUserId(uid);
      entry.setGroupId(uid);
      entry.setModTime(1_600_000_000_000L);
      tar.putArchiveEntry(entry);
      tar.write(data);
      tar.closeArchiveEntry();
      return this;
    }

    TarBuilder file(String name, String content) throws IOException {
      return file(name, content, 0100644, 0);
    }

    TarBuilder special(String name, byte flag, String link) throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(name, flag);
      if (link != null) {
        entry.setLinkName(link);
      }
      entry.setModTime(1_600_000_000_000L);
      tar.putArchiveEntry(entry);
      tar.closeArchiveEntry();
      return this;
    }

    TarBuilder device(String name, byte flag, int major, int minor) throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(name, flag);
      entry.setDevMajor(major);
      entry.setDevMinor(minor);
      entry.setMode(0600);
      tar.putArchiveEntry(entry);
      tar.closeArchiveEntry();
      return this;
    }

    byte[] bytes() throws IOException {
      tar.close();
      return bytes.toByteArray();
    }
  }

  private static byte[] packTarToBytes(byte[] tar) throws Exception {
    return packToBytes(
        RootfsSource.tar(new ByteArrayInputStream(tar), "in memory"),
        options(Compression.none()).withBare(true));
  }

  private InitramfsListing packTar(byte[] tar) throws Exception {
    return list(packTarToBytes(tar), temp);
  }

  @Test
  void tar_hardLinkEntries_becomeOneInodeWithDataOnce() throws Exception {
    byte[] tar =
        new TarBuilder()
            .file("./bin/tool", "tool bytes", 0104755, 0)
            .special("./sbin/tool", TarArchiveEntry.LF_LINK, "./bin/tool")
            .special("./usr/tool", TarArchiveEntry.LF_LINK, "bin/tool")
            .bytes();

    Map<String, InitramfsListing.Entry> entries = byName(packTar(tar));

    assertThat(entries.get("bin/tool").inode())
        .isEqualTo(entries.get("sbin/tool").inode())
        .isEqualTo(entries.get("usr/tool").inode());
    assertThat(entries.get("usr/tool").nlink()).isEqualTo(3);
    assertThat(entries.get("sbin/tool").mode().permissions()).isEqualTo(04755);
    assertThat(entries.get("bin/tool").size() + entries.get("sbin/tool").size()).isZero();
    assertThat(entries.get("usr/tool").size()).isEqualTo("tool bytes".length());

    Map<String, CommonsCpio.Entry> independent = CommonsCpio.read(packTarToBytes(tar));
    assertThat(independent.get("bin/tool").inode())
        .isEqualTo(independent.get("sbin/tool").inode())
        .isEqualTo(independent.get("usr/tool").inode());
    for (String name : List.of("bin/tool", "sbin/tool", "usr/tool")) {
      assertThat(independent.get(name).mode()).as(name).isEqualTo(0104755L);
      assertThat(independent.get(name).nlink()).as(name).isEqualTo(3);
    }
    // The data travels with the last name only (see CommonsCpio).
    assertThat(independent.get("bin/tool").data()).isEmpty();
    assertThat(independent.get("sbin/tool").data()).isEmpty();
    assertThat(independent.get("usr/tool").text()).isEqualTo("tool bytes");
  }

  @Test
  void tar_longNamesInGnuAndPaxForm_areRead() throws Exception {
    String deep = "./" + "directory/".repeat(30) + "file";
    for (int mode :
        new int[] {TarArchiveOutputStream.LONGFILE_GNU, TarArchiveOutputStream.LONGFILE_POSIX}) {
      byte[] tar = new TarBuilder(mode).file(deep, "deep").bytes();
      assertThat(byName(packTar(tar))).containsKey(deep.substring(2));
    }
  }

  @Test
  void tar_devicesFifosAndSymlinks_keepTheirFields() throws Exception {
    byte[] tar =
        new TarBuilder()
            .device("dev/null", TarArchiveEntry.LF_CHR, 1, 3)
            .device("dev/loop0", TarArchiveEntry.LF_BLK, 7, 0)
            .special("run/fifo", TarArchiveEntry.LF_FIFO, null)
            .special("bin", TarArchiveEntry.LF_SYMLINK, "usr/bin")
            .bytes();

    Map<String, InitramfsListing.Entry> entries = byName(packTar(tar));

    assertThat(entries.get("dev/null").mode().type()).isEqualTo(FileType.CHAR_DEVICE);
    assertThat(entries.get("dev/null").rdevMajor()).isEqualTo(1);
    assertThat(entries.get("dev/null").rdevMinor()).isEqualTo(3);
    assertThat(entries.get("dev/loop0").mode().type()).isEqualTo(FileType.BLOCK_DEVICE);
    assertThat(entries.get("run/fifo").mode().type()).isEqualTo(FileType.FIFO);
    assertThat(entries.get("bin").linkTarget()).isEqualTo("usr/bin");

    Map<String, CommonsCpio.Entry> independent = CommonsCpio.read(packTarToBytes(tar));
    assertThat(independent.get("dev/null"))
        .extracting(
            CommonsCpio.Entry::mode, CommonsCpio.Entry::rdevMajor, CommonsCpio.Entry::rdevMinor)
        .containsExactly(020600L, 1L, 3L);
    assertThat(independent.get("dev/loop0"))
        .extracting(
            CommonsCpio.Entry::mode, CommonsCpio.Entry::rdevMajor, CommonsCpio.Entry::rdevMinor)
        .containsExactly(060600L, 7L, 0L);
    assertThat(independent.get("run/fifo").mode() & FileType.TYPE_MASK)
        .isEqualTo(FileType.FIFO.typeBits());
    assertThat(independent.get("bin").text()).isEqualTo("usr/bin");
    assertThat(independent.get("bin").mode() & FileType.TYPE_MASK)
        .isEqualTo(FileType.SYMLINK.typeBits());
  }

  @Test
  void tar_laterEntryOfTheSamePath_replacesTheEarlierOne() throws Exception {
    byte[] tar = new TarBuilder().file("etc/motd", "old").file("./etc/motd", "newer").bytes();

    InitramfsListing listing = packTar(tar);

    assertThat(byName(listing).get("etc/motd").size()).isEqualTo("newer".length());
    assertThat(listing.problems()).isEmpty();
    assertThat(CommonsCpio.read(packTarToBytes(tar)).get("etc/motd").text()).isEqualTo("newer");
  }

  @Test
  void tar_largeOwnerIds_areKept() throws Exception {
    byte[] tar = new TarBuilder().file("home/user/file", "x", 0100600, 200_000).bytes();
    InitramfsListing.Entry entry = byName(packTar(tar)).get("home/user/file");
    assertThat(entry.uid()).isEqualTo(200_000);
    assertThat(entry.gid()).isEqualTo(200_000);
    CommonsCpio.Entry independent = CommonsCpio.read(packTarToBytes(tar)).get("home/user/file");
    assertThat(independent)
        .extracting(CommonsCpio.Entry::uid, CommonsCpio.Entry::gid, CommonsCpio.Entry::mode)
        .containsExactly(200_000L, 200_000L, 0100600L);
    assertThat(independent.text()).isEqualTo("x");
  }

  @Test
  void tar_compressedWithGzip_isDetectedByMagic() throws Exception {
    byte[] tar = new TarBuilder().file("hello", "world").bytes();
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(tar);
    }
    assertThat(byName(packTar(gz.toByteArray()))).containsKey("hello");
  }

  @Test
  void tar_entryClimbingOutOfTheRoot_isBadInput() throws Exception {
    byte[] tar = new TarBuilder().file("../etc/passwd", "root::0:0").bytes();
    assertThatThrownBy(() -> packTar(tar))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("../etc/passwd")
        .hasMessageContaining("climbs out of the root");
  }

  @Test
  void tar_absoluteEntry_isBadInput() throws Exception {
    // commons-compress strips a leading '/' when writing, so write the header by hand.
    byte[] tar = new TarBuilder().file("XXetc/shadow", "x").bytes();
    tar[0] = '/';
    tar[1] = '/';
    fixChecksum(tar);
    assertThatThrownBy(() -> packTar(tar))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("escapes the root");
  }

  @Test
  void tar_truncatedInsideAFile_isBadInput() throws Exception {
    byte[] tar = new TarBuilder().file("big", "x".repeat(5000)).bytes();
    byte[] truncated = Arrays.copyOf(tar, 512 + 2000);
    assertThatThrownBy(() -> packTar(truncated))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("big")
        .hasMessageContaining("truncated");
  }

  @Test
  void tar_truncatedInsideAHeader_isBadInput() throws Exception {
    byte[] tar = new TarBuilder().file("a", "x").file("b", "y").bytes();
    byte[] truncated = Arrays.copyOf(tar, 1024 + 100);
    assertThatThrownBy(() -> packTar(truncated)).isInstanceOf(RootfsException.class);
  }

  @Test
  void tar_hardLinkToAMissingName_isBadInput() throws Exception {
    byte[] tar = new TarBuilder().special("bin/x", TarArchiveEntry.LF_LINK, "bin/absent").bytes();
    assertThatThrownBy(() -> packTar(tar))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("hard link to bin/absent");
  }

  @Test
  void tar_notATarAtAll_isBadInput() {
    byte[] garbage =
        "this is not a tar archive, just text".repeat(40).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> packTar(garbage)).isInstanceOf(RootfsException.class);
  }

  /** Recomputes a ustar header checksum after editing the header. */
  private static void fixChecksum(byte[] tar) {
    Arrays.fill(tar, 148, 156, (byte) ' ');
    long sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += tar[i] & 0xff;
    }
    byte[] field = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(field, 0, tar, 148, 8);
  }
}
