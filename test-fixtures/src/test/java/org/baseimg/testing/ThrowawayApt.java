package org.baseimg.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's apt-get and apt-cache with their own sources, lists, caches and an empty dpkg status
 * in a temporary directory, so that tests leave the host's apt state alone. The host's {@code
 * apt.conf.d} still applies (apt reads it before any option).
 *
 * @param directory holds the sources list, the state and the caches; deleted by {@link #close()}
 * @param architecture apt's native architecture, e.g. {@code arm64}
 */
record ThrowawayApt(Path directory, String architecture) implements AutoCloseable {
  /** Prepares a directory with {@code sourcesLine} as the only source. */
  static ThrowawayApt create(String architecture, String sourcesLine) throws IOException {
    // Readable by all: as root, apt downloads as user _apt, which must reach partial/.
    Path directory = Files.createTempDirectory("throwaway-apt-");
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(directory.resolve("state/lists/partial"));
    Files.createDirectories(directory.resolve("cache/archives/partial"));
    Files.writeString(directory.resolve("status"), "");
    Files.writeString(directory.resolve("sources.list"), sourcesLine + "\n");
    return new ThrowawayApt(directory, architecture);
  }

  /** Runs {@code apt-get} or {@code apt-cache} with these options; returns even on failure. */
  NativeTools.Result run(String tool, String... arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(tool));
    command.addAll(
        List.of(
            "-o", "Dir::Etc::SourceList=" + directory.resolve("sources.list"),
            "-o", "Dir::Etc::SourceParts=/dev/null",
            "-o", "Dir::State=" + directory.resolve("state"),
            "-o", "Dir::State::status=" + directory.resolve("status"),
            "-o", "Dir::Cache=" + directory.resolve("cache"),
            "-o", "APT::Architecture=" + architecture,
            "-o", "APT::Architectures=" + architecture));
    command.addAll(List.of(arguments));
    try {
      return NativeTools.run(command);
    } catch (NativeTools.CommandFailedException e) {
      return e.result();
    }
  }

  /** Where {@code apt-get --download-only} leaves packages. */
  Path archives() {
    return directory.resolve("cache/archives");
  }

  @Override
  public void close() throws IOException {
    Directories.deleteTree(directory);
  }
}
