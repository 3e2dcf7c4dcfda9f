package org.baseimg.builder.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.baseimg.BaseimgException;
import org.baseimg.event.EventListener;
import org.baseimg.fs.ImagePath;
import org.baseimg.initramfs.RootfsSource;
import org.baseimg.internal.Processes;
import org.baseimg.internal.ShellScript;

/**
 * The image being built, wherever it lives: a chroot on the host or a container. Build steps see
 * only this, so every environment shares them.
 */
public interface Target {

  /** Runs {@code command} inside the image, as root, with the build's environment variables. */
  Processes.Result run(String label, List<String> command, EventListener events)
      throws BaseimgException, InterruptedException;

  /** Runs a shipped shell program inside the image with {@code arguments}. */
  default Processes.Result run(
      String label, ShellScript script, EventListener events, String... arguments)
      throws BaseimgException, InterruptedException {
    return run(label, script.command(arguments), events);
  }

  /** Writes a file into the image, creating its directories. */
  void write(ImagePath path, byte[] content, int mode) throws IOException;

  /** Copies a host file into the image. */
  void copyIn(Path hostFile, ImagePath path, int mode) throws IOException;

  /** A file's content, if it exists. */
  Optional<byte[]> read(ImagePath path) throws IOException;

  /** Removes a file, if it exists. */
  void delete(ImagePath path) throws IOException;

  /** The finished tree, for packing. */
  RootfsSource rootfs();
}
