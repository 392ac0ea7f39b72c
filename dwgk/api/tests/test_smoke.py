def test_index_and_me_anonymous(api, db):
    body = api.json("")
    assert body["version"] == "v1"
    me = api.json("me")
    assert me == {"authenticated": False, "auth": "anonymous", "username": None, "name": None,
                  "party_org": None, "token": None}


def test_me_with_token(api, world, token_for):
    me = api.json("me", token_for(world.users["member_town"]))
    assert me["auth"] == "token" and me["username"] == "member_town"
    assert me["party_org"] == {"id": world.town.pk, "name": world.town.name}
