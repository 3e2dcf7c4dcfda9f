package org.baseimg.oci;

import java.io.IOException;
import java.nio.file.Path;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.oci.internal.BootSetLayout;
import org.baseimg.oci.internal.BootSetPull;
import org.baseimg.oci.internal.BootSetPush;

/**
 * A build's boot set (initramfs, build manifest, SBOMs, kernel and config) as one OCI artifact in a
 * registry: {@link #push} publishes it, {@link #pull} fetches it. The media types and annotations
 * are {@link BootSetMediaTypes}'.
 *
 * <pre>{@code
 * PushResult pushed = BootSets.push(Path.of("out"), ImageReference.parse("127.0.0.1:5000/boot/server:1.0"),
 *     PushOptions.defaults());
 * BootSets.pull(pushed.reference(), Path.of("fetched"), PullOptions.defaults());
 * }</pre>
 */
public final class BootSets {
  private BootSets() {}

  /**
   * Publishes the boot set of an output directory (holding one build) or of an artifact. When the
   * tag already names a boot set of another platform, or an index of them, the tag then names an
   * index with both.
   *
   * @throws BadInputException when there is no boot set at {@code source}, or it differs from its
   *     manifest
   * @throws RegistryException when the registry cannot be reached or refuses
   */
  public static PushResult push(Path source, ImageReference reference, PushOptions options)
      throws BaseimgException, IOException {
    return BootSetPush.push(BootSetLayout.read(source), reference, options);
  }

  /**
   * Fetches a boot set into {@code directory}, each file under its title. Every blob is checked
   * against its digest and size as it arrives; the files appear only when all are right, and
   * nothing is left behind otherwise.
   *
   * @throws BadInputException when the reference names something other than a boot set
   * @throws RegistryException when the registry cannot be reached, refuses, lacks the reference, or
   *     sends bytes that are not the ones named
   */
  public static PullResult pull(ImageReference reference, Path directory, PullOptions options)
      throws BaseimgException, IOException {
    return BootSetPull.pull(reference, directory, options);
  }
}
