/**
 * Software bills of materials (SBOMs) of built images.
 *
 * <ul>
 *   <li>{@link org.baseimg.sbom.SbomInput} — what the documents describe, filled by the build: the
 *       artifact, the image's Debian packages with their licenses, the kernel and its modules, the
 *       files the profile added.
 *   <li>{@link org.baseimg.sbom.Sboms} — the SPDX 2.3 and CycloneDX 1.6 JSON documents, written the
 *       same way from the same input.
 *   <li>{@link org.baseimg.sbom.SpdxLicenses} — Debian's license short names as SPDX ids.
 * </ul>
 *
 * <pre>{@code
 * List<SbomInput.Package> packages = new ArrayList<>();
 * for (DpkgStatus.Installed installed : DpkgStatus.parse(status)) {
 *   byte[] copyright = ...; // /usr/share/doc/NAME/copyright in the image
 *   packages.add(SbomInput.Package.of(installed, DebianLicenses.read(copyright)));
 * }
 * String spdx = Sboms.spdx(new SbomInput(..., packages, ...));
 * }</pre>
 *
 * <p>The {@code internal} package (the documents' JSON shape, purls, license expressions) is not
 * part of the API.
 */
package org.baseimg.sbom;
