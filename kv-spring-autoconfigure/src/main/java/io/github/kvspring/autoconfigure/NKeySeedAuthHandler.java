package io.github.kvspring.autoconfigure;

import java.io.IOException;
import java.security.GeneralSecurityException;

import io.nats.client.AuthHandler;
import io.nats.client.NKey;
import org.jspecify.annotations.Nullable;

/**
 * Authenticates with an nkey seed alone (no JWT): signs the server's nonce and presents the public key.
 */
final class NKeySeedAuthHandler implements AuthHandler {

	private final NKey nkey;

	NKeySeedAuthHandler(String seed) {
		this.nkey = NKey.fromSeed(seed.toCharArray());
	}

	@Override
	public byte[] sign(byte[] nonce) {
		try {
			return this.nkey.sign(nonce);
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Could not sign the server's nonce with the nkey seed", ex);
		}
	}

	@Override
	public char[] getID() {
		try {
			return this.nkey.getPublicKey();
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Could not derive the public key of the nkey seed", ex);
		}
	}

	@Override
	public char @Nullable [] getJWT() {
		return null;
	}

}
