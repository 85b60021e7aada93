package io.github.kvspring.autoconfigure.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.kvspring.data.listener.KvListener;
import org.jspecify.annotations.Nullable;

public class AccountListener {

	public final List<String> received = new CopyOnWriteArrayList<>();

	@KvListener(id = "accounts", entity = Account.class)
	void onAccount(@Nullable Account account) {
		this.received.add((account != null) ? account.id() + "=" + account.balance() : "deleted");
	}

}
