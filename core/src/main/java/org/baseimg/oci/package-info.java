/**
 * Boot sets in OCI registries.
 *
 * <ul>
 *   <li>{@link org.baseimg.oci.BootSets} — push a build's boot set as one OCI artifact, pull it
 *       back checked.
 *   <li>{@link org.baseimg.oci.ImageReference} — {@code [REGISTRY/]REPOSITORY[:TAG][@DIGEST]}.
 *   <li>{@link org.baseimg.oci.BootSetMediaTypes} — the artifact's media types and annotations.
 *   <li>{@link org.baseimg.oci.RegistryOptions}, {@link org.baseimg.oci.PushOptions}, {@link
 *       org.baseimg.oci.PullOptions} — insecure hosts, the Docker configuration, retries.
 * </ul>
 *
 * <p>The {@code internal} package (the distribution-spec client, authentication, the OCI JSON
 * documents) is not part of the API.
 */
package org.baseimg.oci;
