"""The model writer: a draft from any OpenAI-compatible chat server, held to the guarantees of
the model-free writer. The prompt (`prompt`), the reply's shape (`reply`), what is refused in
its reflection and prayer (`guard`) and the writer's retries and fallback (`writer`) are pure;
the server is reached through the `Chat` a caller gives it (`praynews.llm`)."""
