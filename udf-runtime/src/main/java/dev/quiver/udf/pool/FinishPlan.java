package dev.quiver.udf.pool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who finishes which group of an aggregation: every group that some holder accumulated rows of is
 * finished in place by one of its holders (its <em>owner</em>), which merges the pickled states of
 * the other holders into its own instance; only those other states are ever pickled. A group held
 * once (every group on one interpreter, most groups of a GROUP BY with many groups) is finished
 * without pickling at all.
 *
 * <p>Owners balance the finishing work over the interpreters: a group's weight is its row count;
 * groups held once stay where they are, then groups held several times go, heaviest first, to the
 * holder whose interpreter has the least weight so far. This cannot split one group: a median over
 * three groups finishes on at most three interpreters.
 */
final class FinishPlan {
    /** {@link #keeps}: the group's state is pickled for its owner elsewhere. */
    static final int EXPORT = 0;
    /** {@link #keeps}: the holding finishes the group in place. */
    static final int KEEP = 1;
    /**
     * {@link #keeps}: the owner is another holding in the same interpreter or process (another
     * engine thread's part of the same query): it takes the instance itself, never pickled.
     */
    static final int HAND_OVER = 2;

    /** The largest number of holdings whose sharing of a group is tracked (a bit mask per group). */
    private static final int MAX_TRACKED = 64;

    /**
     * One holder's instances of one part: its row counts per local group and the part's mapping
     * from local to result group (null: the same number).
     *
     * @param interpreter the interpreter or process that runs the holder, for load balance
     */
    record Holding(HeldGroups groups, int[] mapping, int localGroups, Object interpreter) {
        int resultGroup(int local) {
            return mapping == null ? local : mapping[local];
        }
    }

    private final List<Holding> holdings;
    private final int groupCount;
    /** The holding that finishes each result group, or -1 when none holds it. */
    private final int[] owner;

    private FinishPlan(List<Holding> holdings, int groupCount, int[] owner) {
        this.holdings = holdings;
        this.groupCount = groupCount;
        this.owner = owner;
    }

    static FinishPlan of(List<Holding> holdings, int groupCount) {
        int[] owner = new int[groupCount];
        Arrays.fill(owner, -1);
        long[] weight = new long[groupCount];
        int[] sharers = new int[groupCount];
        boolean track = holdings.size() <= MAX_TRACKED;
        long[] sharedBy = track ? new long[groupCount] : null;
        for (int index = 0; index < holdings.size(); index++) {
            Holding holding = holdings.get(index);
            int extent = Math.min(holding.groups().extent(), holding.localGroups());
            for (int local = 0; local < extent; local++) {
                int rows = holding.groups().rowsOf(local);
                if (rows > 0) {
                    int group = holding.resultGroup(local);
                    weight[group] += rows;
                    sharers[group]++;
                    if (owner[group] < 0) {
                        owner[group] = index;
                    }
                    if (track) {
                        sharedBy[group] |= 1L << index;
                    }
                }
            }
        }
        Map<Object, Long> load = new HashMap<>();
        List<Integer> shared = new ArrayList<>();
        for (int group = 0; group < groupCount; group++) {
            if (sharers[group] == 1) {
                load.merge(holdings.get(owner[group]).interpreter(), weight[group], Long::sum);
            } else if (sharers[group] > 1) {
                shared.add(group);
            }
        }
        if (track) {
            shared.sort((left, right) -> Long.compare(weight[right], weight[left]));
            for (int group : shared) {
                int best = -1;
                long bestLoad = Long.MAX_VALUE;
                for (long mask = sharedBy[group]; mask != 0; mask &= mask - 1) {
                    int index = Long.numberOfTrailingZeros(mask);
                    long current = load.getOrDefault(holdings.get(index).interpreter(), 0L);
                    if (current < bestLoad) {
                        best = index;
                        bestLoad = current;
                    }
                }
                owner[group] = best;
                load.merge(holdings.get(best).interpreter(), weight[group], Long::sum);
            }
        }
        return new FinishPlan(holdings, groupCount, owner);
    }

    /** Whether holding {@code index} holds a group it does not own (then it must export states). */
    boolean exports(int index) {
        Holding holding = holdings.get(index);
        int extent = Math.min(holding.groups().extent(), holding.localGroups());
        for (int local = 0; local < extent; local++) {
            if (holding.groups().rowsOf(local) > 0 && owner[holding.resultGroup(local)] != index) {
                return true;
            }
        }
        return false;
    }

    /**
     * Per local group of holding {@code index}: {@link #KEEP} when it finishes that group in place,
     * {@link #HAND_OVER} when the group's owner is another holding in the same interpreter or process
     * (its state need not be pickled: the owner takes the instance), else {@link #EXPORT}.
     */
    int[] keeps(int index) {
        Holding holding = holdings.get(index);
        int[] keeps = new int[holding.localGroups()];
        for (int local = 0; local < keeps.length; local++) {
            int groupOwner = owner[holding.resultGroup(local)];
            if (groupOwner < 0 || holding.groups().rowsOf(local) == 0) {
                keeps[local] = EXPORT;
            } else if (groupOwner == index) {
                keeps[local] = KEEP;
            } else {
                keeps[local] =
                        holdings.get(groupOwner).interpreter().equals(holding.interpreter()) ? HAND_OVER : EXPORT;
            }
        }
        return keeps;
    }

    /**
     * The local groups holding {@code index} finishes: ascending, but the one with the fewest
     * rows first (the one whose state the finishing call pickles as a probe).
     */
    int[] ownedLocal(int index) {
        int[] keeps = keeps(index);
        int count = 0;
        for (int keep : keeps) {
            count += keep == KEEP ? 1 : 0;
        }
        int[] owned = new int[count];
        int next = 0;
        int lightest = 0;
        HeldGroups groups = holdings.get(index).groups();
        for (int local = 0; local < keeps.length; local++) {
            if (keeps[local] == KEEP) {
                if (next > 0 && groups.rowsOf(local) < groups.rowsOf(owned[lightest])) {
                    lightest = next;
                }
                owned[next++] = local;
            }
        }
        if (lightest > 0) {
            int group = owned[lightest];
            System.arraycopy(owned, 0, owned, 1, lightest);
            owned[0] = group;
        }
        return owned;
    }

    /** The result groups nobody holds (every row skipped, or none at all): finished by fresh instances. */
    int[] orphans() {
        int count = 0;
        for (int group = 0; group < groupCount; group++) {
            count += owner[group] < 0 ? 1 : 0;
        }
        int[] orphans = new int[count];
        int next = 0;
        for (int group = 0; group < groupCount; group++) {
            if (owner[group] < 0) {
                orphans[next++] = group;
            }
        }
        return orphans;
    }
}
