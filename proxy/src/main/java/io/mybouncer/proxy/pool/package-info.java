/** Backend connection pools: one per {@link io.mybouncer.proxy.pool.PoolKey}, shared by every event loop. */
package io.mybouncer.proxy.pool;
