package dev.quiver.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds the cycles of a package dependency graph: its strongly connected components (Tarjan). */
final class PackageCycles {

    private final Map<String, Set<String>> graph;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> lowLink = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final List<String> cycles = new ArrayList<>();

    private PackageCycles(Map<String, Set<String>> graph) {
        this.graph = graph;
    }

    /** Each cycle as its packages, sorted and joined; empty when the graph is acyclic. */
    static List<String> find(Map<String, Set<String>> graph) {
        PackageCycles search = new PackageCycles(graph);
        for (String pkg : graph.keySet()) {
            if (!search.index.containsKey(pkg)) {
                search.visit(pkg);
            }
        }
        return search.cycles;
    }

    // Recursive: package graphs are a few dozen nodes deep at most.
    private void visit(String pkg) {
        index.put(pkg, index.size());
        lowLink.put(pkg, index.get(pkg));
        stack.push(pkg);
        for (String next : graph.getOrDefault(pkg, Set.of())) {
            if (!index.containsKey(next)) {
                visit(next);
                lowLink.put(pkg, Math.min(lowLink.get(pkg), lowLink.get(next)));
            } else if (stack.contains(next)) {
                lowLink.put(pkg, Math.min(lowLink.get(pkg), index.get(next)));
            }
        }
        if (lowLink.get(pkg).equals(index.get(pkg))) {
            List<String> component = new ArrayList<>();
            String member;
            do {
                member = stack.pop();
                component.add(member);
            } while (!member.equals(pkg));
            if (component.size() > 1) {
                component.sort(null);
                cycles.add(String.join(" <-> ", component));
            }
        }
    }
}
