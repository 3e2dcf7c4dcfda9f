package org.baseimg.initramfs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.baseimg.fs.FileType;
import org.baseimg.fs.ImagePath;
import org.baseimg.initramfs.InitProgram;
import org.baseimg.initramfs.PackOptions;
import org.baseimg.initramfs.RootfsEntry;
import org.baseimg.initramfs.RootfsException;
import org.baseimg.initramfs.internal.ArchiveAssembler.Overlay;

/**
 * What every initramfs needs and a bare tree lacks, added without root: {@code /init}, {@code
 * /dev/console} (the kernel opens it for PID 1's output) and the usual mount points. The tree's own
 * entries win, except for an {@code /init} the user chose explicitly.
 */
public final class Essentials {
  static final ImagePath INIT = ImagePath.of("/init");
  private static final String BUILTIN_INIT = "/org/baseimg/initramfs/init.sh";

  private final List<Overlay> overlays;

  private Essentials(List<Overlay> overlays) {
    this.overlays = overlays;
  }

  /** The entries {@code options} call for, sorted. */
  public static Essentials of(PackOptions options) throws IOException, RootfsException {
    List<Overlay> overlays = new ArrayList<>();
    if (!options.bare()) {
      long mtime = options.epoch().orElse(0);
      overlays.add(
          new Overlay(RootfsEntry.directory(ImagePath.of("/dev"), 0755, 0, 0, mtime), false));
      overlays.add(
          new Overlay(
              RootfsEntry.device(
                  ImagePath.of("/dev/console"),
                  FileType.CHAR_DEVICE,
                  0600,
                  0,
                  0,
                  mtime,
                  new RootfsEntry.DeviceNumber(5, 1)),
              false));
      overlays.add(
          new Overlay(RootfsEntry.directory(ImagePath.of("/proc"), 0555, 0, 0, mtime), false));
      overlays.add(
          new Overlay(RootfsEntry.directory(ImagePath.of("/run"), 0755, 0, 0, mtime), false));
      overlays.add(
          new Overlay(RootfsEntry.directory(ImagePath.of("/sys"), 0555, 0, 0, mtime), false));
      overlays.add(
          new Overlay(RootfsEntry.directory(ImagePath.of("/tmp"), 01777, 0, 0, mtime), false));
      overlays.add(init(options.init(), mtime));
    }
    overlays.sort(Comparator.comparing(overlay -> overlay.entry().path()));
    return new Essentials(List.copyOf(overlays));
  }

  private static Overlay init(InitProgram init, long mtime) throws IOException, RootfsException {
    if (init instanceof InitProgram.FromFile fromFile) {
      Path file = fromFile.file();
      long size;
      if (!Files.exists(file)) {
        throw new RootfsException("init file " + file, null, "does not exist");
      }
      if (!Files.isRegularFile(file)) {
        throw new RootfsException("init file " + file, null, "is not a regular file");
      }
      size = Files.size(file);
      return new Overlay(
          RootfsEntry.regular(INIT, 0755, 0, 0, mtime, size, () -> Files.newInputStream(file)),
          true);
    }
    byte[] script = builtinInit();
    RootfsEntry entry =
        RootfsEntry.regular(
            INIT, 0755, 0, 0, mtime, script.length, () -> new java.io.ByteArrayInputStream(script));
    return new Overlay(entry, init instanceof InitProgram.Builtin);
  }

  /** The built-in init script. */
  public static byte[] builtinInit() throws IOException {
    try (InputStream in = Essentials.class.getResourceAsStream(BUILTIN_INIT)) {
      if (in == null) {
        throw new IOException("the built-in init script is missing from the classpath");
      }
      return in.readAllBytes();
    }
  }

  /** Sorted entries to merge into the source's. */
  public List<Overlay> overlays() {
    return overlays;
  }

  /** Paths the source must leave out because an overlay replaces them. */
  public Set<ImagePath> replacedPaths() {
    Set<ImagePath> replaced = new TreeSet<>();
    for (Overlay overlay : overlays) {
      if (overlay.replaces()) {
        replaced.add(overlay.entry().path());
      }
    }
    return replaced;
  }
}
