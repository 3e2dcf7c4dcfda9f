package org.baseimg.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.internal.Hashing;
import org.baseimg.kernel.Kernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs DebianArchive and DebianKernel against a small archive on disk, signed here with a
 * throw-away key, to check what a real mirror cannot show on demand: tampering, a wrong checksum,
 * an expired release, a kernel update. Needs gpg (package gnupg) and gpgv; no network.
 */
class DebianArchiveLocalIT {
  @TempDir Path directory;
  private Path gnupg;
  private Path keyring;
  private Path root;
  private Path cache;
  private final List<String> stanzas = new ArrayList<>();
  private String releaseExtra = "";

  @BeforeEach
  void key() throws Exception {
    gnupg = Files.createDirectory(directory.resolve("gnupg"));
    Files.setPosixFilePermissions(
        gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    gpg("--quick-generate-key", "baseimg test <test@baseimg.invalid>", "ed25519", "sign", "never");
    keyring = directory.resolve("keyring.gpg");
    gpg("--export", "--output", keyring.toString());
    root = Files.createDirectory(directory.resolve("mirror"));
    cache = directory.resolve("cache");
  }

  @AfterEach
  void stopAgent() throws Exception {
    // gpg started an agent for the throw-away home; end it.
    new ProcessBuilder("gpgconf", "--homedir", gnupg.toString(), "--kill", "gpg-agent")
        .redirectErrorStream(true)
        .start()
        .waitFor();
  }

  @Test
  void fetch_signedLocalArchive_extractsCachesAndFollowsAnUpdate() throws Exception {
    publishKernel("6.1.0-99", "6.1.999-1", "first kernel");
    publish();
    List<Event> events = new CopyOnWriteArrayList<>();

    Kernel kernel = kernels(events::add).fetch("bookworm", "arm64");

    assertThat(kernel.packageName()).isEqualTo("linux-image-6.1.0-99-arm64");
    assertThat(kernel.version()).isEqualTo("6.1.999-1");
    assertThat(kernel.image()).hasContent("first kernel");
    assertThat(kernel.sha256()).isEqualTo(Hashing.sha256(kernel.image()));
    assertThat(events)
        .anyMatch(
            event ->
                event instanceof Event.PhaseStarted started
                    && started
                        .phase()
                        .equals("download linux-image-6.1.0-99-arm64_6.1.999-1_arm64.deb"));

    List<Event> again = new CopyOnWriteArrayList<>();
    assertThat(kernels(again::add).fetch("bookworm", "arm64")).isEqualTo(kernel);
    assertThat(again).noneMatch(Event.PhaseStarted.class::isInstance);

    publishKernel("6.1.0-100", "6.1.1000-1", "second kernel");
    publish();
    Kernel updated = kernels(EventListener.NONE).fetch("bookworm", "arm64");

    assertThat(updated.packageName()).isEqualTo("linux-image-6.1.0-100-arm64");
    assertThat(updated.image()).hasContent("second kernel");
    assertThat(DebianKernel.offline(cache).fetch("bookworm", "arm64")).isEqualTo(updated);
    assertThat(kernel.image()).exists();
  }

  @Test
  void fetch_offlineWithEmptyCache_saysToFetchOnline() {
    assertThatThrownBy(() -> DebianKernel.offline(cache).fetch("bookworm", "arm64"))
        .isInstanceOf(BaseimgException.class)
        .hasMessageStartingWith(
            "no cached kernel for bookworm/arm64 in " + cache.resolve("bookworm/arm64"))
        .hasMessageEndingWith("fetch one once online first");
  }

  @Test
  void fetch_tamperedInRelease_isABadSignature() throws Exception {
    publishKernel("6.1.0-99", "6.1.999-1", "k");
    publish();
    Path inRelease = root.resolve("dists/bookworm/InRelease");
    Files.writeString(
        inRelease, Files.readString(inRelease).replace("Codename: bookworm", "Codename: bookworn"));

    assertThatThrownBy(() -> kernels(EventListener.NONE).fetch("bookworm", "arm64"))
        .isInstanceOf(BaseimgException.class)
        .hasMessageContaining("InRelease does not verify against " + keyring)
        .hasMessageContaining("BAD signature by key");
  }

  @Test
  void fetch_debianKeyringForAnotherSigner_saysTheKeyIsNotInTheKeyring() throws Exception {
    publishKernel("6.1.0-99", "6.1.999-1", "k");
    publish();
    DebianKernel kernels =
        DebianKernel.online(
            DebianArchive.create(
                DebianMirror.of(root.toUri().toString()), cache, EventListener.NONE));

    assertThatThrownBy(() -> kernels.fetch("bookworm", "arm64"))
        .isInstanceOf(BaseimgException.class)
        .hasMessageContaining("does not verify against " + DebianArchive.DEBIAN_KEYRING)
        .hasMessageContaining("which is not in the keyring");
  }

  @Test
  void fetch_packageDifferentFromTheIndex_isRejectedAndNotCached() throws Exception {
    Path deb = publishKernel("6.1.0-99", "6.1.999-1", "k");
    publish();
    Files.writeString(deb, "replaced after signing", StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> kernels(EventListener.NONE).fetch("bookworm", "arm64"))
        .isInstanceOf(BaseimgException.class)
        .hasMessageContaining("linux-image-6.1.0-99-arm64_6.1.999-1_arm64.deb has")
        .hasMessageContaining("but the signed index says");
    assertThatThrownBy(() -> DebianKernel.offline(cache).fetch("bookworm", "arm64"))
        .hasMessageStartingWith("no cached kernel");
  }

  @Test
  void fetch_indexDifferentFromTheRelease_isRejected() throws Exception {
    publishKernel("6.1.0-99", "6.1.999-1", "k");
    publish();
    stanzas.clear();
    writeIndexOnly();

    assertThatThrownBy(() -> kernels(EventListener.NONE).fetch("bookworm", "arm64"))
        .isInstanceOf(BaseimgException.class)
        .hasMessageContaining("Packages.xz")
        .hasMessageContaining("but the signed index says");
  }

  @Test
  void fetch_expiredRelease_saysTheMirrorIsStale() throws Exception {
    publishKernel("6.1.0-99", "6.1.999-1", "k");
    releaseExtra = "Valid-Until: Sat, 01 Jan 2000 00:00:00 UTC\n";
    publish();

    assertThatThrownBy(() -> kernels(EventListener.NONE).fetch("bookworm", "arm64"))
        .hasMessageContaining("expired at Sat, 01 Jan 2000 00:00:00 UTC");
  }

  @Test
  void downloadPackage_missingPackageOrSuite_isBadInput() throws Exception {
    publishKernel("6.1.0-99", "6.1.999-1", "k");
    publish();
    DebianArchive archive = archive(EventListener.NONE);

    assertThatThrownBy(() -> archive.downloadPackage("bookworm", "arm64", "busybox-static"))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("no package 'busybox-static' in bookworm/main/binary-arm64");
    assertThatThrownBy(() -> archive.downloadPackage("trixie", "arm64", "busybox-static"))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("suite 'trixie' is not on the mirror");
    assertThatThrownBy(() -> archive.downloadPackage("../etc", "arm64", "x"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("'../etc' is not a suite name, e.g. bookworm");
  }

  private DebianArchive archive(EventListener events) throws BadInputException {
    return DebianArchive.create(DebianMirror.of(root.toUri().toString()), cache, events)
        .withKeyring(keyring);
  }

  private DebianKernel kernels(EventListener events) throws BadInputException {
    return DebianKernel.online(archive(events));
  }

  /** Adds a versioned kernel package and points the metapackage at it; returns the .deb. */
  private Path publishKernel(String abi, String version, String image) throws IOException {
    String name = "linux-image-" + abi + "-arm64";
    String filename = "pool/main/l/linux-signed-arm64/" + name + "_" + version + "_arm64.deb";
    Path deb = root.resolve(filename);
    Files.createDirectories(deb.getParent());
    TestDebs.write(
        deb,
        "data.tar.xz",
        List.of(
            TestDebs.Entry.directory("./"),
            TestDebs.Entry.directory("./boot/"),
            TestDebs.Entry.file("./boot/System.map-" + abi + "-arm64", "map"),
            TestDebs.Entry.file("./boot/vmlinuz-" + abi + "-arm64", image)));
    stanzas.removeIf(stanza -> stanza.startsWith("Package: linux-image-arm64\n"));
    stanzas.add(stanza(name, version, "kmod, linux-base (>= 4.3~)", deb, filename));
    stanzas.add(
        stanza(
            "linux-image-arm64",
            version,
            name + " (= " + version + ")",
            deb, // the metapackage is never downloaded; any checksum will do
            "pool/main/l/linux-signed-arm64/linux-image-arm64_" + version + "_arm64.deb"));
    return deb;
  }

  private static String stanza(
      String name, String version, String depends, Path file, String filename) throws IOException {
    return "Package: "
        + name
        + "\nVersion: "
        + version
        + "\nArchitecture: arm64\nDepends: "
        + depends
        + "\nDescription: test\n multi-line\n .\n description\nFilename: "
        + filename
        + "\nSize: "
        + Files.size(file)
        + "\nSHA256: "
        + Hashing.sha256(file)
        + "\n";
  }

  /** Writes the index (by hash, as Debian does) and a signed InRelease that lists it. */
  private void publish() throws Exception {
    byte[] index = writeIndexOnly();
    Path suite = root.resolve("dists/bookworm");
    String release =
        "Origin: Test\nLabel: Test\nSuite: oldstable\nCodename: bookworm\n"
            + "Date: Sat, 11 Jul 2026 10:16:37 UTC\n"
            + releaseExtra
            + "Acquire-By-Hash: yes\nArchitectures: amd64 arm64\nComponents: main\n"
            + "SHA256:\n "
            + Hashing.sha256(index)
            + " "
            + index.length
            + " main/binary-arm64/Packages.xz\n";
    Path plain = suite.resolve("Release");
    Files.writeString(plain, release, StandardCharsets.UTF_8);
    byte[] byHash = index;
    Path byHashFile = suite.resolve("main/binary-arm64/by-hash/SHA256/" + Hashing.sha256(byHash));
    Files.createDirectories(byHashFile.getParent());
    Files.write(byHashFile, byHash);
    // Only the by-hash copy exists: the archive must fetch by hash when the release allows it.
    Files.delete(suite.resolve("main/binary-arm64/Packages.xz"));
    gpg(
        "--yes",
        "--digest-algo",
        "SHA256",
        "--clearsign",
        "--output",
        suite.resolve("InRelease").toString(),
        plain.toString());
  }

  private byte[] writeIndexOnly() throws IOException {
    byte[] index = TestDebs.xz(String.join("\n", stanzas).getBytes(StandardCharsets.UTF_8));
    Path binary = Files.createDirectories(root.resolve("dists/bookworm/main/binary-arm64"));
    Files.write(binary.resolve("Packages.xz"), index);
    if (stanzas.isEmpty()) {
      // Replace the by-hash copies too, so that the index no longer matches the release.
      Path byHash = binary.resolve("by-hash/SHA256");
      try (var files = Files.list(byHash)) {
        for (Path file : files.toList()) {
          Files.write(file, index);
        }
      }
    }
    return index;
  }

  private void gpg(String... arguments) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "gpg",
                "--batch",
                "--homedir",
                gnupg.toString(),
                "--pinentry-mode",
                "loopback",
                "--passphrase",
                ""));
    command.addAll(List.of(arguments));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError(
          "gpg is not installed: apt-get install gnupg (" + e.getMessage() + ")", e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("%s: %s", command, output).isZero();
  }
}
