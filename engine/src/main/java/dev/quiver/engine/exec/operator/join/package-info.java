/**
 * Joins: {@link dev.quiver.engine.exec.operator.join.HashJoinOperator} hashes the build side with
 * the shared key layer ({@code exec.key}) and streams the probe side through it; with no keys it
 * is the nested-loop join. Every {@link dev.quiver.engine.exec.operator.join.JoinType} runs here,
 * including SEMI and ANTI for EXISTS and IN.
 */
package dev.quiver.engine.exec.operator.join;
