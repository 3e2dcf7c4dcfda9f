package org.baseimg.initramfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.baseimg.initramfs.Packing.options;
import static org.baseimg.initramfs.Packing.packToBytes;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Tar input as an attacker or a failed pipeline would write it: refused, never rewritten. */
class HostileTarTest {
  @TempDir Path temp;

  private static byte[] tar(TarArchiveEntry... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR); // base-256 numbers
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
      for (TarArchiveEntry entry : entries) {
        tar.putArchiveEntry(entry);
        if (entry.isFile()) {
          tar.write(new byte[(int) entry.getSize()]);
        }
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static TarArchiveEntry file(String name, long uid, long gid) {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(1);
    entry.setMode(0104755);
    entry.setUserId(uid);
    entry.setGroupId(gid);
    entry.setModTime(1_600_000_000_000L);
    return entry;
  }

  private static TarArchiveEntry charDevice(String name, int major, int minor) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_CHR);
    entry.setDevMajor(major);
    entry.setDevMinor(minor);
    entry.setMode(0600);
    return entry;
  }

  private static byte[] pack(byte[] tar) throws Exception {
    return packToBytes(
        RootfsSource.tar(new ByteArrayInputStream(tar), "in memory"),
        options(Compression.none()).withBare(true));
  }

  @Test
  void tar_uidBeyond32Bits_isRefusedNotCutToRoot() throws Exception {
    byte[] tar = tar(file("suid", (1L << 32), 0));
    assertThatThrownBy(() -> pack(tar))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("suid")
        .hasMessageContaining("uid 4294967296, which does not fit 32 bits");
  }

  @Test
  void tar_gidBeyond32Bits_isRefused() throws Exception {
    byte[] tar = tar(file("sgid", 0, (1L << 33) + 5));
    assertThatThrownBy(() -> pack(tar))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("gid 8589934597, which does not fit 32 bits");
  }

  @Test
  void tar_uidAbove2To31_isKeptWhole() throws Exception {
    byte[] tar = tar(file("high", 3_000_000_000L, 4_294_967_295L));
    CommonsCpio.Entry entry = CommonsCpio.read(pack(tar)).get("high");
    assertThat(entry.uid()).isEqualTo(3_000_000_000L);
    assertThat(entry.gid()).isEqualTo(4_294_967_295L);
  }

  @Test
  void tar_deviceMajorBeyondDevT_isRefused() throws Exception {
    byte[] tar = tar(charDevice("dev/x", 4096, 1));
    assertThatThrownBy(() -> pack(tar))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("4096:1, which does not fit Linux's dev_t");
  }

  @Test
  void tar_deviceMinorBeyondDevT_isRefused() throws Exception {
    byte[] tar = tar(charDevice("dev/x", 1, 1 << 20));
    assertThatThrownBy(() -> pack(tar))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("1:1048576, which does not fit Linux's dev_t");
  }

  @Test
  void tar_largestDevTNumbers_areKept() throws Exception {
    byte[] tar = tar(charDevice("dev/x", 4095, (1 << 20) - 1));
    CommonsCpio.Entry entry = CommonsCpio.read(pack(tar)).get("dev/x");
    assertThat(entry.rdevMajor()).isEqualTo(4095);
    assertThat(entry.rdevMinor()).isEqualTo((1 << 20) - 1);
  }

  @Test
  void tar_entryNamedTrailer_isRefused() throws Exception {
    byte[] tar = tar(file("TRAILER!!!", 0, 0), file("etc/passwd", 0, 0));
    assertThatThrownBy(() -> pack(tar))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("TRAILER!!!")
        .hasMessageContaining("end-of-archive entry");
  }

  @Test
  void directory_fileNamedTrailer_isRefused() throws Exception {
    Path root = Files.createDirectories(temp.resolve("tree"));
    Files.writeString(root.resolve("TRAILER!!!"), "x");
    Files.createDirectories(root.resolve("etc"));
    assertThatThrownBy(
            () ->
                packToBytes(
                    RootfsSource.directory(root), options(Compression.none()).withBare(true)))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("end-of-archive entry");
  }

  @Test
  void tar_headerWithWrongChecksum_isRefused() throws Exception {
    byte[] tar = tar(file("a", 0, 0));
    tar[100] ^= 1; // a digit of the mode, checksum left as it was
    assertThatThrownBy(() -> pack(tar))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("fails its checksum");
  }

  @Test
  void tar_gnuDumpDirectory_isRefusedNotPackedAsAFile() throws Exception {
    byte[] tar = tar(file("a", 0, 0));
    tar[156] = 'D';
    fixChecksum(tar);
    assertThatThrownBy(() -> pack(tar))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("tar entry type 'D'");
  }

  @Test
  void tar_regularFileResolvingToTheRoot_isRefused() throws Exception {
    byte[] tar = tar(file("a/..", 0, 0));
    assertThatThrownBy(() -> pack(tar))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("names the archive's root");
  }

  @Test
  void tar_rootAsDirectory_isAccepted() throws Exception {
    TarArchiveEntry root = new TarArchiveEntry("./", TarArchiveEntry.LF_DIR);
    root.setMode(040755);
    assertThat(CommonsCpio.read(pack(tar(root, file("a", 0, 0))))).containsKey("a");
  }

  @Test
  void tar_zeroBytes_isRefused() {
    assertThatThrownBy(() -> pack(new byte[0]))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("is empty, not a tar archive");
  }

  enum Container {
    GZIP,
    XZ,
    BZIP2,
    ZSTD;

    byte[] compress(byte[] data) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (OutputStream out =
          switch (this) {
            case GZIP -> new GZIPOutputStream(bytes);
            case XZ -> new XZOutputStream(bytes, new LZMA2Options(), org.tukaani.xz.XZ.CHECK_CRC32);
            case BZIP2 -> new BZip2CompressorOutputStream(bytes);
            case ZSTD -> new ZstdOutputStream(bytes).setChecksum(true);
          }) {
        out.write(data);
      }
      return bytes.toByteArray();
    }
  }

  private static byte[] goodTar() throws IOException {
    return tar(file("etc/passwd", 0, 0), file("etc/shadow", 0, 42));
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void compressed_cutOff_isRefused(Container container) throws Exception {
    byte[] whole = container.compress(goodTar());
    byte[] cut = Arrays.copyOf(whole, whole.length - 3);
    assertThatThrownBy(() -> pack(cut)).isInstanceOf(RootfsException.class);
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void compressed_withTrailingGarbage_isRefused(Container container) throws Exception {
    byte[] whole = container.compress(goodTar());
    byte[] garbage = Arrays.copyOf(whole, whole.length + 8);
    System.arraycopy("garbage!".getBytes(StandardCharsets.US_ASCII), 0, garbage, whole.length, 8);
    assertThatThrownBy(() -> pack(garbage))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("after the end of its");
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void compressed_withAFlippedTrailerByte_isRefused(Container container) throws Exception {
    byte[] bad = container.compress(goodTar());
    bad[bad.length - 6] ^= 0x10; // in the check or trailer of every format
    assertThatThrownBy(() -> pack(bad)).isInstanceOf(RootfsException.class);
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void compressed_concatenatedStreams_packLikeOne(Container container) throws Exception {
    byte[] tar = goodTar();
    int half = tar.length / 2;
    ByteArrayOutputStream two = new ByteArrayOutputStream();
    two.write(container.compress(Arrays.copyOf(tar, half)));
    two.write(container.compress(Arrays.copyOfRange(tar, half, tar.length)));
    assertThat(pack(two.toByteArray())).isEqualTo(pack(tar));
  }

  /**
   * Files made by other tools (Python's tarfile, gzip, lzma and bz2 modules and the zstd command):
   * a two-entry tar in each container, whole, as two concatenated streams, with a flipped check
   * byte, cut off, and with trailing garbage.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "badcrc-bad.tar.gz",
        "badcrc-bad.tar.xz",
        "badcrc-bad.tar.bz2",
        "badcrc-bad.tar.zst",
        "trunc-bad.tar.xz",
        "trunc-bad.tar.bz2",
        "trunc-tail-bad.tar.gz",
        "garbage-bad.tar.gz",
        "garbage-bad.tar.xz",
        "garbage-bad.tar.bz2",
        "garbage-bad.tar.zst"
      })
  void fixture_corruptContainer_isRefused(String name) throws Exception {
    byte[] bad = fixture(name);
    assertThatThrownBy(() -> pack(bad))
        .isInstanceOf(RootfsException.class)
        .hasMessageNotContaining("null")
        .hasMessageNotContaining("Exception");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "good.tar.gz",
        "good.tar.xz",
        "good.tar.bz2",
        "good.tar.zst",
        "multi.tar.gz",
        "multi.tar.xz",
        "multi.tar.bz2",
        "multi.tar.zst"
      })
  void fixture_validContainer_packsLikeThePlainTar(String name) throws Exception {
    assertThat(pack(fixture(name))).isEqualTo(pack(fixture("good.tar")));
  }

  private static byte[] fixture(String name) throws IOException {
    try (var in = HostileTarTest.class.getResourceAsStream("/hostile-tar/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
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
