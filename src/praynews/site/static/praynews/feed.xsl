<?xml version="1.0" encoding="utf-8"?>
<!-- Shows an RSS or Atom feed of praynews as a page when a browser opens it: what a feed is,
     how to follow it, and the posts it carries. Feed readers ignore it. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <xsl:template match="/">
    <xsl:variable name="title" select="rss/channel/title | atom:feed/atom:title"/>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> (feed)</title>
        <link rel="stylesheet" href="/static/praynews/site.css"/>
      </head>
      <body>
        <main id="content" class="listing">
          <h1><xsl:value-of select="$title"/></h1>
          <p class="feed-note">This is a feed: copy this page's address into a feed reader or
            podcast app to get every new post as it is published.</p>
          <p><a href="{rss/channel/link | atom:feed/atom:link[@rel='alternate']/@href}">Go to the site</a></p>
          <xsl:for-each select="rss/channel/item | atom:feed/atom:entry">
            <article class="card-body">
              <h2><a href="{link | atom:link[@rel='alternate']/@href}"><xsl:value-of select="title | atom:title"/></a></h2>
              <p><xsl:value-of select="description | atom:summary"/></p>
              <p class="meta"><xsl:value-of select="pubDate | atom:published"/></p>
            </article>
          </xsl:for-each>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
