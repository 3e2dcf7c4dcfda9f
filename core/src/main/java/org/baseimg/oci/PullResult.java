package org.baseimg.oci;

import java.nio.file.Path;
import java.util.List;

/**
 * A fetched boot set.
 *
 * @param reference what was fetched, with the manifest's digest
 * @param manifest the OCI image manifest
 * @param files the files written, sorted by name
 */
public record PullResult(ImageReference reference, Descriptor manifest, List<Path> files) {
  public PullResult {
    files = List.copyOf(files);
  }
}
