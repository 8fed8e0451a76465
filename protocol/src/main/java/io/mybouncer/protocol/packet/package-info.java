/** Wire framing, basic data types, flags and the generic OK/ERR/EOF packets. */
package io.mybouncer.protocol.packet;
