"""What readers see that is generated from the content: headers, blocks, history pages, feed."""
