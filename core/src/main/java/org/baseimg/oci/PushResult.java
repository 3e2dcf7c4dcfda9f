package org.baseimg.oci;

import java.util.List;
import java.util.Optional;

/**
 * A published boot set.
 *
 * @param reference where it is, with the manifest's digest
 * @param manifest the OCI image manifest
 * @param layers its layers, one per file, sorted by title
 * @param uploaded how many blobs were sent; the others were there already or mounted
 * @param index the index the tag now names, when it holds more platforms than this one
 * @param signature the signature's manifest, when the push signed
 */
public record PushResult(
    ImageReference reference,
    Descriptor manifest,
    List<Descriptor> layers,
    int uploaded,
    Optional<Descriptor> index,
    Optional<Descriptor> signature) {
  public PushResult {
    layers = List.copyOf(layers);
  }
}
