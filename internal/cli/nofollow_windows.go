package cli

// noFollow: Windows has no O_NOFOLLOW; the Lstat before the open refused a
// symbolic link (a race between the two remains).
const noFollow = 0
