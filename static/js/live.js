/*
 * Live updates: an enhancement only, every page works without it. Contract and markup in
 * the README (Live updates). Rooms come from the page:
 *   data-live-thread="ID" / data-live-channel="ID"   (data-live-kind overrides the kind)
 *   data-live-since="SEQ"              (number of the room's last event the page shows)
 * and inside a room element: [data-live-posts], [data-live-threads], [data-live-presence]
 * (with [data-live-names]), [data-live-typing] (with [data-live-names]), [data-live-stale],
 * [data-live-paused] (shown while the connection is down) and [data-live-closed] (shown
 * once the room is closed to this reader, "room.closed").
 *   data-live-poll="URL"   polled (URL?since=SEQ) while the connection is down; its
 *                          events are applied as if they had come live
 * Each room's events are numbered 1, 2, 3…: one that skips a number means some were missed,
 * so the room is caught up from the last one applied (as after a reconnect, or when the
 * server says "room.resync"); one already applied is ignored.
 * The header's [data-notification-count] follows "notification" events ({count}).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!window.io || !script) {
    return;
  }
  var userId = parseInt(script.getAttribute("data-user") || "", 10);
  var rooms = {}; // "thread:5" -> {kind, id, el, since, catchingUp, ahead}
  var TYPING_EVERY_MS = 2000;
  var TYPING_SHOWN_MS = 4000;
  var POLL_EVERY_MS = 5000;
  var polling = false; // while the connection is down
  var pollTimer = null; // the next round, when one is due

  function addRoom(kind, id, el) {
    if (!kind || !(id > 0)) {
      return;
    }
    var since = parseInt(el.getAttribute("data-live-since") || "", 10);
    rooms[kind + ":" + id] = { kind: kind, id: id, el: el, since: since >= 0 ? since : null, catchingUp: false, ahead: 0 };
  }

  document.querySelectorAll("[data-live-thread]").forEach(function (el) {
    addRoom(el.getAttribute("data-live-kind") || "thread", parseInt(el.getAttribute("data-live-thread"), 10), el);
  });
  document.querySelectorAll("[data-live-channel]").forEach(function (el) {
    addRoom(el.getAttribute("data-live-kind") || "channel", parseInt(el.getAttribute("data-live-channel"), 10), el);
  });
  var counters = document.querySelectorAll("[data-notification-count]");
  if (userId > 0 && counters.length) {
    addRoom("user", userId, document.body);
  }
  if (!Object.keys(rooms).length) {
    return; // nothing on this page follows live events: do not even connect
  }

  var socket = window.io({ transports: ["websocket", "polling"] });
  window.workspaceLive = { socket: socket, rooms: rooms };

  // Follow the room, catching up on what came after the last event applied: the server
  // sends those first, in order, as they are now (a post hidden since comes back hidden).
  function subscribe(room) {
    var data = {};
    data[room.kind] = room.id;
    if (room.since !== null) {
      data.since = room.since; // unknown for the personal room until its first event
    }
    room.catchingUp = true;
    room.ahead = 0;
    socket.emit("subscribe", data, function (ack) {
      room.catchingUp = false;
      if (!ack || !ack.ok) {
        room.el.setAttribute("data-live-state", "refused");
        return;
      }
      room.el.setAttribute("data-live-state", "live");
      if (ack.complete === false) {
        show(room.el.querySelector("[data-live-stale]"), true); // a reload shows the rest
      } else if (room.ahead > room.since) {
        resync(room); // an event came live during the catch-up, past a gap: once more
      }
    });
  }

  // Missed events: over the socket when it is up, else by polling.
  function resync(room) {
    if (!rooms[room.kind + ":" + room.id]) {
      return;
    }
    if (socket.connected) {
      subscribe(room);
    } else if (room.el.hasAttribute("data-live-poll")) {
      pollRoom(room.kind + ":" + room.id);
    }
  }

  // The rooms of the page itself (not the personal room, whose element is the body).
  function pageRooms() {
    return Object.keys(rooms).filter(function (name) {
      return rooms[name].kind !== "user";
    });
  }

  // While the connection is down (and Socket.IO retries it), say so and poll instead.
  function paused(on) {
    pageRooms().forEach(function (name) {
      show(rooms[name].el.querySelector("[data-live-paused]"), on);
    });
    if (on && !polling) {
      polling = true;
      pollTimer = setTimeout(poll, POLL_EVERY_MS);
    } else if (!on) {
      polling = false;
      clearTimeout(pollTimer);
      pollTimer = null;
    }
  }

  socket.on("connect", function () {
    paused(false);
    Object.keys(rooms).forEach(function (name) {
      subscribe(rooms[name]);
    });
  });
  socket.on("disconnect", function () {
    Object.keys(rooms).forEach(function (name) {
      rooms[name].el.setAttribute("data-live-state", "offline");
    });
    paused(socket.active); // false when the server closed it for good: it will not retry
  });
  socket.on("connect_error", function () {
    paused(socket.active); // not active: refused (signed out), nothing to wait for
  });

  // The room of an event to apply now: null when it was already applied, or when it skips
  // a number (those missed are asked for, this one comes again with them).
  function accept(data) {
    var room = data && rooms[data.room];
    if (!room || typeof data.seq !== "number" || data.seq <= room.since) {
      return null;
    }
    if (room.since !== null && data.seq > room.since + 1) {
      room.ahead = Math.max(room.ahead, data.seq);
      if (!room.catchingUp) {
        resync(room);
      }
      return null;
    }
    room.since = data.seq;
    return room;
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html; // server-rendered and sanitized; scripts in it never run
    // Its forms carry this session's CSRF token, which only the page knows.
    var token = document.querySelector("input[name=csrf_token]:not([data-live-csrf])");
    template.content.querySelectorAll("input[data-live-csrf]").forEach(function (input) {
      input.value = token ? token.value : "";
      input.removeAttribute("data-live-csrf");
    });
    return template.content;
  }

  function show(el, visible) {
    if (el) {
      el.hidden = !visible;
    }
  }

  // A post where a reload shows it: in place when shown, else in conversation order (the
  // tree view, by data-path) or at the end (in order written).
  function onPost(data) {
    var room = accept(data);
    if (!room || typeof data.html !== "string") {
      return;
    }
    var container = room.el.querySelector("[data-live-posts]");
    var article = fragment(data.html).firstElementChild;
    if (!article) {
      return;
    }
    var existing = document.getElementById("post-" + data.post_id);
    if (container && container.hasAttribute("data-live-flat")) {
      article.className = article.className.replace(/\bdepth-\d+/, "depth-0");
    }
    if (existing) {
      article.classList.toggle("answer", existing.classList.contains("answer"));
      if (existing.classList.contains("unread")) {
        article.classList.add("unread");
      }
      existing.replaceWith(article);
    } else if (container) {
      container.insertBefore(article, container.hasAttribute("data-live-flat") ? null : after(container, data.path));
    }
  }

  // The first post of the tree view that comes after `path` (null: at the end).
  function after(container, path) {
    var posts = container.querySelectorAll("article[data-path]");
    for (var i = 0; i < posts.length; i += 1) {
      if (typeof path === "string" && posts[i].getAttribute("data-path") > path) {
        return posts[i];
      }
    }
    return null;
  }

  // A thread's row where a reload puts it: pinned ones first, then by last post.
  function placeRow(room, data) {
    var container = room.el.querySelector("[data-live-threads]");
    if (!container || typeof data.html !== "string") {
      return;
    }
    var row = fragment(data.html).firstElementChild;
    var existing = document.getElementById("thread-" + data.thread_id);
    if (room.el.getAttribute("data-live-rows") === "counts") {
      // Another page of the list, or one tag: which rows belong here is the server's.
      if (existing && row) {
        existing.replaceWith(row);
      }
      return;
    }
    if (!row) {
      return;
    }
    if (existing) {
      existing.remove();
    }
    container.querySelectorAll("tr:not([id])").forEach(function (empty) {
      empty.remove(); // "No threads yet."
    });
    var key = rowKey(row);
    var rows = container.querySelectorAll("tr[id]");
    for (var i = 0; i < rows.length; i += 1) {
      if (rowKey(rows[i]) < key) {
        container.insertBefore(row, rows[i]);
        return;
      }
    }
    container.appendChild(row);
  }

  function rowKey(row) {
    var pinned = row.hasAttribute("data-pinned") ? "1" : "0";
    var id = ("0000000000" + row.id.replace("thread-", "")).slice(-10);
    return pinned + (row.getAttribute("data-last-post") || "") + id;
  }

  function onThreadCreated(data) {
    var room = accept(data);
    if (room) {
      placeRow(room, data);
    }
  }

  // Lock and answer on a thread page; the row on a channel page.
  function onThreadUpdated(data) {
    var room = accept(data);
    if (!room) {
      return;
    }
    if (room.kind === "channel" && typeof data.html === "string") {
      placeRow(room, data);
      return;
    }
    document.querySelectorAll('[data-thread-locked="' + data.thread_id + '"]').forEach(function (el) {
      el.hidden = !data.locked;
    });
    var row = document.getElementById("thread-" + data.thread_id);
    var count = row && row.querySelector("[data-post-count]");
    if (count && typeof data.post_count === "number") {
      count.textContent = String(data.post_count);
    }
    if (room.kind === "thread") {
      room.el.querySelectorAll("article.post.answer").forEach(function (el) {
        el.classList.remove("answer");
      });
      var answer = data.answer_post_id && document.getElementById("post-" + data.answer_post_id);
      if (answer) {
        answer.classList.add("answer");
      }
    }
  }

  function onNotification(data) {
    if (accept(data) && typeof data.count === "number") {
      counters.forEach(function (el) {
        el.textContent = String(data.count);
        el.hidden = data.count === 0;
      });
    }
  }

  // Room events, whether they come live or from polling.
  var handlers = {
    "post.created": onPost,
    "post.updated": onPost,
    "thread.created": onThreadCreated,
    "thread.updated": onThreadUpdated,
    notification: onNotification,
  };
  Object.keys(handlers).forEach(function (name) {
    socket.on(name, handlers[name]);
  });

  // This reader may no longer read the room (moved, restricted, signed out...): say so and
  // show nothing more of it.
  function closeRoom(name) {
    var room = rooms[name];
    if (!room) {
      return;
    }
    delete rooms[name];
    room.el.setAttribute("data-live-state", "closed");
    ["[data-live-paused]", "[data-live-presence]", "[data-live-typing]"].forEach(function (selector) {
      show(room.el.querySelector(selector), false);
    });
    show(room.el.querySelector("[data-live-closed]"), true);
  }

  socket.on("room.closed", function (data) {
    if (data && typeof data.room === "string") {
      closeRoom(data.room);
    }
  });

  // The server may have lost events for this room (its queue was down): catch up. Only the
  // live parts change; what the reader is typing stays.
  socket.on("room.resync", function (data) {
    var room = data && rooms[data.room];
    if (room) {
      resync(room);
    }
  });

  function pollRoom(name) {
    var room = rooms[name];
    var url = room.el.getAttribute("data-live-poll") + "?since=" + (room.since || 0);
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.redirected || [401, 403, 404].indexOf(response.status) >= 0) {
          closeRoom(name);
          return null;
        }
        var json = /json/.test(response.headers.get("Content-Type") || "");
        return response.ok && json ? response.json() : null;
      })
      .then(function (body) {
        if (!body || !rooms[name] || !Array.isArray(body.events)) {
          return;
        }
        body.events.forEach(function (item) {
          var handler = item && handlers[item.event];
          if (handler) {
            handler(item.data);
          }
        });
        if (body.complete === false) {
          show(room.el.querySelector("[data-live-stale]"), true);
        }
      })
      .catch(function () {
        // Offline altogether: try again at the next round.
      });
  }

  function poll() {
    pollTimer = null;
    var polled = pageRooms().filter(function (name) {
      return rooms[name].el.hasAttribute("data-live-poll");
    });
    Promise.all(polled.map(pollRoom)).then(function () {
      if (polling && pollTimer === null) {
        pollTimer = setTimeout(poll, POLL_EVERY_MS);
      }
    });
  }

  socket.on("presence", function (data) {
    var room = data && rooms[data.room];
    var el = room && room.el.querySelector("[data-live-presence]");
    if (!el || !Array.isArray(data.names)) {
      return;
    }
    var names = el.querySelector("[data-live-names]") || el;
    names.textContent = data.names.join(", ");
    show(el, data.names.length > 0);
  });

  socket.on("typing", function (data) {
    var room = data && rooms[data.room];
    var el = room && room.el.querySelector("[data-live-typing]");
    if (!el || typeof data.name !== "string") {
      return;
    }
    (el.querySelector("[data-live-names]") || el).textContent = data.name;
    show(el, true);
    clearTimeout(el.liveTimer);
    el.liveTimer = setTimeout(function () {
      show(el, false);
    }, TYPING_SHOWN_MS);
  });

  // Tell the room when this member types in a text box inside it (at most every 2 s).
  var lastTyping = 0;
  document.addEventListener("input", function (event) {
    var target = event.target;
    if (!target || !target.closest || !target.matches("textarea, [contenteditable]")) {
      return;
    }
    Object.keys(rooms).forEach(function (name) {
      var room = rooms[name];
      var now = Date.now();
      if (room.kind !== "user" && room.el.contains(target) && now - lastTyping > TYPING_EVERY_MS) {
        lastTyping = now;
        var data = {};
        data[room.kind] = room.id;
        socket.emit("typing", data);
      }
    });
  });
})();
