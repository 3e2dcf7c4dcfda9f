package org.baseimg.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.baseimg.fs.OutputFile;

/**
 * A file that appears at its path complete or not at all: written to a hidden sibling, synced and
 * renamed over the target on {@link #commit()}. Closing without committing deletes the sibling, and
 * so does the JVM's shutdown on SIGINT or SIGTERM.
 */
public final class AtomicFile implements AutoCloseable {
  /** How the name of a temporary file ends. */
  public static final String SUFFIX = ".partial";

  private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> PENDING.forEach(path -> path.toFile().delete()), "baseimg-cleanup"));
  }

  private final Path target;
  private final Path temporary;
  private final FileChannel channel;
  private boolean committed;

  private AtomicFile(Path target) throws IOException {
    this.target = target;
    Path directory = target.toAbsolutePath().getParent();
    this.temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", SUFFIX);
    PENDING.add(temporary);
    this.channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
  }

  /**
   * Starts writing {@code target}; its directory must exist. A symlink there is followed; anything
   * but a regular file there is refused, never replaced.
   */
  public static AtomicFile create(Path target) throws IOException {
    try {
      return new AtomicFile(OutputFile.resolve(target));
    } catch (OutputFile.RefusedException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** The stream to write the content to. Closing it does not commit. */
  public OutputStream stream() {
    return new java.io.FilterOutputStream(Channels.newOutputStream(channel)) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() {}
    };
  }

  /** The file being written, to read back before it is committed; gone after commit or close. */
  public Path pending() {
    return temporary;
  }

  /** Makes the content durable and moves it to the target path. */
  public void commit() throws IOException {
    channel.force(true);
    channel.close();
    // createTempFile makes the file 0600; an artifact is as readable as any file written normally.
    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
    try {
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
    committed = true;
    PENDING.remove(temporary);
  }

  @Override
  public void close() throws IOException {
    if (!committed) {
      channel.close();
      Files.deleteIfExists(temporary);
      PENDING.remove(temporary);
    }
  }
}
