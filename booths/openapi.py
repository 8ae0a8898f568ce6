"""The OpenAPI description of the visit API, for client makers and for fuzzing."""


def _status(description: str, status: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ScanAnswer"}}},
        "x-status": status,
    }


def schema(server_url: str) -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Symposium booth scanner API", "version": "1.0.0"},
        "servers": [{"url": server_url.rstrip("/")}],
        "paths": {
            "/api/booths/{booth_id}/visits": {
                "post": {
                    "summary": "Record a visit from a scanned badge",
                    "description": (
                        "Counts a visitor once per booth and day. Replaying a scan with the same nonce, or the same "
                        "visitor scanned again that day, answers `duplicate` with the existing visit. Authenticate "
                        "with the staff member's session (and the X-CSRFToken header) or `Authorization: Device "
                        "<token>` from a booth manager."
                    ),
                    "parameters": [{"name": "booth_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "security": [{"device": []}, {"session": []}],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Scan"}}},
                    },
                    "responses": {
                        "201": _status("A new visit", "created"),
                        "200": _status("Already counted: the existing visit", "duplicate"),
                        "400": _status("Malformed input; `errors` names the fields", "malformed"),
                        "403": _status("Not staff of this booth (or a bad device token)", "not_staff"),
                        "404": _status("No registration has this badge code", "unknown_badge"),
                        "405": _status("Only POST is allowed", "malformed"),
                        "409": _status("The registration is cancelled or has no confirmed day", "cancelled"),
                        "413": _status("The body is larger than 64 KB", "malformed"),
                        "415": _status("The body is not declared as application/json", "malformed"),
                    },
                }
            }
        },
        "components": {
            "securitySchemes": {
                "device": {"type": "apiKey", "in": "header", "name": "Authorization"},
                "session": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
            },
            "schemas": {
                "Scan": {
                    "type": "object",
                    "required": ["badge_code", "nonce"],
                    "properties": {
                        "badge_code": {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,32}$"},
                        "nonce": {"type": "string", "pattern": "^[A-Za-z0-9_.:-]{8,64}$"},
                        "scanned_at": {"type": "string", "format": "date-time"},
                    },
                },
                "ScanAnswer": {
                    "type": "object",
                    "required": ["status", "message"],
                    "properties": {
                        "status": {
                            "type": "string",
                            "enum": ["created", "duplicate", "unknown_badge", "cancelled", "not_staff", "malformed"],
                        },
                        "message": {"type": "string"},
                        "errors": {"type": "object", "additionalProperties": {"type": "string"}},
                        "visit": {
                            "type": "object",
                            "properties": {
                                "id": {"type": "integer"},
                                "day": {"type": "string", "format": "date"},
                                "scanned_at": {"type": "string", "format": "date-time"},
                            },
                        },
                        "visitor": {
                            "type": "object",
                            "properties": {
                                "shared": {"type": "boolean"},
                                "name": {"type": "string"},
                                "organisation": {"type": "string"},
                                "category": {"type": "string"},
                                "interests": {"type": "array", "items": {"type": "string"}},
                                "open_to_job_offers": {"type": "boolean"},
                                "email": {"type": "string"},
                            },
                        },
                    },
                },
            },
        },
    }
