package com.leadqual.local;

/** A template construct this local emulation cannot honour; the message names the resource and property. */
public class SamTemplateException extends RuntimeException {
    public SamTemplateException(String message) {
        super(message);
    }
}
