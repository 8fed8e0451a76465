/** Configuration: immutable records validated once, loaded from YAML and command-line flags. */
package io.mybouncer.proxy.config;
