package org.baseimg.initramfs;

import java.time.Duration;

/**
 * What a pack produced.
 *
 * @param entries archive entries written, the trailer not counted
 * @param uncompressedBytes length of the cpio stream
 * @param compressedBytes length of the artifact
 * @param segments independently compressed streams the artifact is made of
 * @param sha256 the artifact's SHA-256, lower-case hex
 * @param elapsed wall time
 */
public record PackResult(
    long entries,
    long uncompressedBytes,
    long compressedBytes,
    int segments,
    String sha256,
    Duration elapsed) {}
