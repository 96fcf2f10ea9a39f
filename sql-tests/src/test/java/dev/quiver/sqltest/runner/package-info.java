/** Tests of the sqllogictest runner itself, with scripted fake engines instead of Quiver. */
package dev.quiver.sqltest.runner;
