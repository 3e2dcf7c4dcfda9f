package org.baseimg.initramfs.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.baseimg.event.EventListener;
import org.baseimg.fs.ImagePath;
import org.baseimg.initramfs.RootfsEntry;
import org.baseimg.initramfs.RootfsException;
import org.baseimg.initramfs.RootfsSource;

/** Entries held in memory, sorted into archive order. */
public final class EntryListSource implements RootfsSource {
  private final List<RootfsEntry> entries;
  private final String description;
  private Set<ImagePath> leaveOut;
  private final Map<Long, Integer> namesLeft = new HashMap<>();

  public EntryListSource(Collection<RootfsEntry> entries, String description) {
    this.entries = new ArrayList<>(entries);
    this.entries.sort(Comparator.comparing(RootfsEntry::path));
    this.description = description;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public Totals prepare(Set<ImagePath> leaveOut, EventListener events) throws RootfsException {
    this.leaveOut = Set.copyOf(leaveOut);
    Set<Long> countedGroups = new HashSet<>();
    long bytes = 0;
    long count = 0;
    for (int i = 0; i < entries.size(); i++) {
      RootfsEntry entry = entries.get(i);
      if (i > 0 && entries.get(i - 1).path().equals(entry.path())) {
        throw new RootfsException(description, entry.path().toString(), "is given twice");
      }
      if (this.leaveOut.contains(entry.path())) {
        continue;
      }
      count++;
      RootfsEntry.HardLinkGroup group = entry.hardLink();
      if (group != null) {
        namesLeft.merge(group.id(), 1, Integer::sum);
      }
      if (group == null || countedGroups.add(group.id())) {
        bytes += entry.size();
      }
    }
    return new Totals(count, bytes);
  }

  @Override
  public void forEach(EntryConsumer consumer) throws IOException, RootfsException {
    if (leaveOut == null) {
      throw new IllegalStateException("prepare() first");
    }
    for (RootfsEntry entry : entries) {
      if (leaveOut.contains(entry.path())) {
        continue;
      }
      RootfsEntry.HardLinkGroup group = entry.hardLink();
      // A group that lost names to leaveOut is counted again, or dropped when one name is left.
      if (group != null && namesLeft.get(group.id()) != group.members()) {
        int left = namesLeft.get(group.id());
        entry =
            entry.withHardLink(left > 1 ? new RootfsEntry.HardLinkGroup(group.id(), left) : null);
      }
      consumer.accept(entry);
    }
  }

  @Override
  public void close() {}
}
