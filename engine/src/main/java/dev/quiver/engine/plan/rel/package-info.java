/** Quiver's physical convention: {@code Vec*} rels and the rules that produce them. */
package dev.quiver.engine.plan.rel;
