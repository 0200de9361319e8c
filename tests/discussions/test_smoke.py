def test_smoke(client, make_user, make_channel, make_thread, make_post):
    member = make_user("member")
    other = make_user("member", name="Amina Diallo")
    channel = make_channel("Biometrics")
    thread = make_thread(channel, member, body="Hello @[Amina Diallo] **bold**")
    root = thread_first = make_post(thread, other, "root reply")
    child = make_post(thread, member, "child", parent=root)
    client.login(member.email)
    for url in ["/discussions/", f"/discussions/channels/{channel.id}", f"/discussions/threads/{thread.id}",
                f"/discussions/threads/{thread.id}?view=flat", f"/discussions/posts/{child.id}",
                f"/discussions/posts/{child.id}/reply", f"/discussions/posts/{child.id}/edit",
                f"/discussions/posts/{child.id}/history", "/discussions/notifications",
                "/discussions/search?q=hello", f"/discussions/channels/{channel.id}/new",
                "/api/v1/channels", f"/api/v1/threads/{thread.id}", "/api/v1/search?q=child"]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.get_data(as_text=True)[-3000:])
    print(client.get("/api/v1/search?q=child").get_json())
    r = client.post_form(f"/discussions/threads/{thread.id}/reply", {"body": "new one", "parent_id": str(child.id)})
    assert r.status_code == 302, r.get_data(as_text=True)[-3000:]
    client.login(other.email)
    r = client.get("/discussions/notifications")
    assert "/members/" in client.get(f"/discussions/threads/{thread.id}").get_data(as_text=True)
    print(r.get_data(as_text=True)[-1500:])
