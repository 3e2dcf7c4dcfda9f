package org.baseimg.builder.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.baseimg.builder.BuildOptions;
import org.baseimg.builder.internal.cache.RemoteCache;
import org.baseimg.event.EventListener;
import org.baseimg.image.ImageSpec;
import org.baseimg.internal.Cleanup;

/**
 * What every step of one build reads and nothing changes once the build starts: the spec, how it
 * runs, the mirror, the clock, where the cache and the build's own work directory are, the cleanup
 * and the listener.
 *
 * @param mirror where packages come from (the profile's, the host's, or debootstrap's default)
 * @param cacheRoot the build cache's root
 * @param work this build's private directory under the cache, removed when it ends
 * @param epoch the clock for mtimes and tools, seconds since 1970
 * @param remoteCache the registries kept trees are fetched from and published to
 */
public record BuildContext(
    ImageSpec spec,
    BuildOptions options,
    URI mirror,
    Path cacheRoot,
    Path work,
    long epoch,
    Cleanup cleanup,
    EventListener events,
    RemoteCache remoteCache) {

  /** Where the artifact goes. */
  public Path artifact() {
    return options.outputDirectory().resolve(spec.output().fileName());
  }

  /**
   * The variables every command run in the image gets, and no others: nothing of the build host's
   * environment leaks into the image.
   */
  public Map<String, String> commandEnvironment() {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    environment.put("HOME", "/root");
    environment.put("LC_ALL", "C.UTF-8");
    environment.put("DEBIAN_FRONTEND", "noninteractive");
    environment.put("DEBCONF_NONINTERACTIVE_SEEN", "true");
    // Go programs crash now and then under qemu-user unless asynchronous preemption is off.
    environment.put("GODEBUG", "asyncpreemptoff=1");
    // dpkg need not fsync every file it unpacks: a build that fails is thrown away. Through the
    // environment (dpkg >= 1.19.5), not a dpkg.cfg.d file, so that no directory of the image is
    // touched; the first two are dpkg's defaults, which the variable would otherwise replace.
    environment.put("DPKG_FORCE", "security-mac,downgrade,unsafe-io");
    environment.put("SOURCE_DATE_EPOCH", Long.toString(epoch));
    return environment;
  }
}
