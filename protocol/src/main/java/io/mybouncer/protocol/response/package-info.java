/** Where a command's response ends: the response tracker, what it expects and what it reports. */
package io.mybouncer.protocol.response;
