package org.baseimg.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.baseimg.testing.TestTree.Order;
import org.baseimg.testing.TestTree.TarFormat;
import org.baseimg.testing.TreeSnapshot.Entry;
import org.baseimg.testing.TreeSnapshot.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Needs root: the tree has device nodes and foreign owners. */
class BuiltTestTreeIT {
  @TempDir Path temp;

  @Test
  void build_defaultOptions_holdsEveryKindOfEntry() throws Exception {
    TestTree tree = TestTree.builder().seed(1).withSocket(true).build(temp.resolve("t"));
    Map<String, Entry> entries = TreeSnapshot.of(tree.root()).entries();

    assertThat(entries.keySet()).containsExactlyElementsOf(tree.paths());
    assertThat(entries.get(".")).satisfies(e -> assertOwnedMode(e, Type.DIRECTORY, 0755, 0, 0));
    assertThat(entries.get(TestTree.CHAR_DEVICE))
        .satisfies(e -> assertDevice(e, Type.CHAR_DEVICE, 1, 3));
    assertThat(entries.get(TestTree.BLOCK_DEVICE))
        .satisfies(e -> assertDevice(e, Type.BLOCK_DEVICE, 7, 0));
    assertThat(entries.get(TestTree.MAX_NUMBERS_DEVICE))
        .satisfies(e -> assertDevice(e, Type.CHAR_DEVICE, 4095, 1048575));
    assertThat(entries.get(TestTree.FIFO).type()).isEqualTo(Type.FIFO);
    assertThat(entries.get(TestTree.SOCKET).type()).isEqualTo(Type.SOCKET);
    assertThat(entries.get(TestTree.SETUID_FILE))
        .satisfies(e -> assertOwnedMode(e, Type.REGULAR, 04755, 0, 0));
    assertThat(entries.get(TestTree.SETGID_FILE))
        .satisfies(e -> assertOwnedMode(e, Type.REGULAR, 02755, 0, 5));
    assertThat(entries.get(TestTree.SETGID_DIRECTORY))
        .satisfies(e -> assertOwnedMode(e, Type.DIRECTORY, 02755, 0, 8));
    assertThat(entries.get(TestTree.STICKY_DIRECTORY))
        .satisfies(e -> assertOwnedMode(e, Type.DIRECTORY, 01777, 0, 0));
    assertThat(entries.get(TestTree.NO_PERMISSIONS_FILE).permissions()).isZero();
    assertThat(entries.get(TestTree.EMPTY_FILE).size()).isZero();
    assertThat(entries.get(TestTree.RANDOM_FILE).size()).isGreaterThan(4096);
    assertThat(entries.get(TestTree.NON_ASCII_FILE).type()).isEqualTo(Type.REGULAR);
    assertThat(entries.get(TestTree.EMPTY_DIRECTORY).type()).isEqualTo(Type.DIRECTORY);

    for (String name : TestTree.HARD_LINKS_OF_3) {
      assertThat(entries.get(name).hardLinks()).containsExactlyElementsOf(TestTree.HARD_LINKS_OF_3);
    }
    assertThat(entries.get(TestTree.HARD_LINKS_OF_3.get(0)).size()).isGreaterThan(4096);
    assertThat(entries.get(TestTree.HARD_LINKS_OF_2.get(1)))
        .satisfies(e -> assertOwnedMode(e, Type.REGULAR, 0600, 1000, 1000))
        .satisfies(
            e -> assertThat(e.hardLinks()).containsExactlyElementsOf(TestTree.HARD_LINKS_OF_2));

    assertThat(entries.get(TestTree.RELATIVE_SYMLINK).linkTarget()).isEqualTo("fixture-shell");
    assertThat(entries.get(TestTree.ABSOLUTE_SYMLINK).linkTarget())
        .isEqualTo("/usr/bin/fixture-shell");
    assertThat(entries.get(TestTree.DANGLING_SYMLINK).linkTarget()).isEqualTo("no/such/target");
    assertThat(Files.exists(tree.root().resolve(TestTree.DANGLING_SYMLINK))).isFalse();
    assertThat(entries.get(TestTree.USER_SYMLINK).uid()).isEqualTo(1000);
    assertThat(entries.get(TestTree.HIGH_UID_SYMLINK).uid()).isEqualTo(200000);
    assertThat(entries.get(TestTree.HIGH_UID_FILE))
        .satisfies(e -> assertOwnedMode(e, Type.REGULAR, 0640, 200000, 200001));
    assertThat(entries.get(TestTree.NOBODY_FILE))
        .satisfies(e -> assertOwnedMode(e, Type.REGULAR, 0600, 65534, 65534));

    assertThat(entries.get(TestTree.DEEP_FILE).type()).isEqualTo(Type.REGULAR);
    assertThat(TestTree.DEEP_FILE.split("/")).hasSizeGreaterThanOrEqualTo(200);
  }

  @Test
  void build_reverseOrderAndOtherMtimes_equalsForwardBuildButInodesDiffer() throws Exception {
    TestTree forward =
        TestTree.builder().seed(7).creationOrder(Order.FORWARD).build(temp.resolve("forward"));
    TestTree reverse =
        TestTree.builder()
            .seed(7)
            .creationOrder(Order.REVERSE)
            .mtime(Instant.parse("2001-02-03T04:05:06Z"))
            .build(temp.resolve("reverse"));

    TreeSnapshot expected = TreeSnapshot.of(forward.root());
    TreeSnapshot actual = TreeSnapshot.of(reverse.root());

    assertThat(expected.diff(actual)).isEmpty();
    assertThat(actual).isEqualTo(expected);
    assertThat(expected.withMtimes()).isNotEqualTo(actual.withMtimes());
  }

  @Test
  void build_otherSeed_changesContentOnly() throws Exception {
    TreeSnapshot one = TreeSnapshot.of(TestTree.builder().seed(1).build(temp.resolve("a")).root());
    TreeSnapshot two = TreeSnapshot.of(TestTree.builder().seed(2).build(temp.resolve("b")).root());

    assertThat(one.diff(two))
        .contains(TestTree.RANDOM_FILE + ": sha256 expected")
        .doesNotContain(TestTree.EMPTY_FILE + ":");
  }

  @Test
  void build_fixedMtime_setsEveryEntryRootAndSymlinksIncluded() throws Exception {
    Instant mtime = Instant.parse("2020-01-01T00:00:00.123456789Z");
    TestTree tree = TestTree.builder().mtime(mtime).withSocket(true).build(temp.resolve("t"));

    Map<String, Instant> mtimes = TreeSnapshot.of(tree.root()).mtimes();

    assertThat(mtimes.keySet()).contains(".", TestTree.DANGLING_SYMLINK, TestTree.FIFO);
    assertThat(mtimes.values()).containsOnly(mtime);
  }

  @Test
  void build_nonEmptyRoot_isRejected() throws Exception {
    Files.writeString(temp.resolve("stale"), "x");

    assertThatThrownBy(() -> TestTree.builder().build(temp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not empty");
  }

  @Test
  void toTar_gnuAndPax_roundTripThroughBsdtar() throws Exception {
    TestTree tree = TestTree.builder().seed(3).build(temp.resolve("t"));
    TreeSnapshot expected = TreeSnapshot.of(tree.root());

    for (TarFormat format : new TarFormat[] {TarFormat.GNU, TarFormat.PAX}) {
      Path tar = temp.resolve(format + ".tar");
      TestTree.toTar(tree.root(), tar, format);
      Path out = temp.resolve(format + "-out");
      NativeTools.extractWithBsdtar(tar, out);

      assertThat(expected.diff(TreeSnapshot.of(out))).as(format.name()).isEmpty();
    }
  }

  @Test
  void toTar_ustar_failsOnTheDeepPathAndWorksWithoutIt() throws Exception {
    TestTree deep = TestTree.builder().build(temp.resolve("deep"));
    assertThatThrownBy(() -> TestTree.toTar(deep.root(), temp.resolve("deep.tar"), TarFormat.USTAR))
        .isInstanceOf(NativeTools.CommandFailedException.class)
        .hasMessageContaining("too long");

    TestTree shallow = TestTree.builder().withDeepPath(false).build(temp.resolve("shallow"));
    Path tar = temp.resolve("shallow.tar");
    TestTree.toTar(shallow.root(), tar, TarFormat.USTAR);
    Path out = temp.resolve("out");
    NativeTools.extractWithBsdtar(tar, out);
    assertThat(TreeSnapshot.of(shallow.root()).diff(TreeSnapshot.of(out))).isEmpty();
  }

  @Test
  void toTar_treeWithSocket_isRejected() throws Exception {
    TestTree tree = TestTree.builder().withSocket(true).build(temp.resolve("t"));

    assertThatThrownBy(() -> TestTree.toTar(tree.root(), temp.resolve("t.tar")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tar cannot hold sockets");
  }

  private static void assertOwnedMode(Entry entry, Type type, int permissions, int uid, int gid) {
    assertThat(entry.type()).isEqualTo(type);
    assertThat(Integer.toOctalString(entry.permissions()))
        .isEqualTo(Integer.toOctalString(permissions));
    assertThat(entry.uid()).isEqualTo(uid);
    assertThat(entry.gid()).isEqualTo(gid);
  }

  private static void assertDevice(Entry entry, Type type, int major, int minor) {
    assertThat(entry.type()).isEqualTo(type);
    assertThat(entry.deviceMajor()).isEqualTo(major);
    assertThat(entry.deviceMinor()).isEqualTo(minor);
  }
}
